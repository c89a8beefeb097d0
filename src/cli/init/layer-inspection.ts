/**
 * What `init` reads from the source tree: the folders of each layer (`routes/`, `services/`, …) and files
 * named by layer (`*.service.ts`), which preset fits, and the layer globs the preset would miss.
 */
import { glob } from "tinyglobby";
import { LAYER_PRESETS } from "../../config/defaults.js";
import type { LayerPreset } from "../../config/types.js";

type Layer = "routes" | "services" | "repositories" | "data";

/** Folder names of each layer; the first ones are those the presets' globs already cover. */
const LAYER_FOLDERS: Readonly<Record<Layer, readonly string[]>> = {
  routes: ["routes", "controllers", "route", "controller", "handlers"],
  services: ["services", "service"],
  repositories: ["repositories", "repository", "repos", "dal"],
  data: ["db", "prisma", "database"],
};

/** File name suffixes of each layer that the presets' globs cover (`items.service.ts`). */
const LAYER_SUFFIXES: Readonly<Record<Layer, readonly string[]>> = {
  routes: ["routes", "controller"],
  services: ["service"],
  repositories: ["repository"],
  data: [],
};

const LAYERS = Object.keys(LAYER_FOLDERS) as Layer[];

const IGNORE = ["**/node_modules/**", "**/dist/**", "**/build/**", "**/generated/**", "**/.*/**", "**/*.d.ts", "**/*.d.mts", "**/*.d.cts"];

export interface LayerFolder {
  layer: Layer;
  /** relative to the project root, with `/` */
  folder: string;
  /** whether the preset globs already match it (`**\/routes/**`) */
  coveredByPreset: boolean;
}

export interface SuffixFiles {
  layer: Layer;
  /** `*.service.ts` */
  pattern: string;
  count: number;
}

export interface LayerInspection {
  /** under `src/` when there is one, else the whole project */
  searched: string;
  folders: LayerFolder[];
  /** files named by layer (`*.service.ts`) outside the layer folders, per name pattern */
  suffixFiles: SuffixFiles[];
  preset: LayerPreset;
  /** layers whose files the preset's globs miss: the preset's globs of that layer plus the folders found */
  definitions: Record<string, string[]>;
}

export async function inspectLayers(root: string): Promise<LayerInspection> {
  const hasSrc = (await glob("src/**/*.{ts,mts,cts,tsx}", { cwd: root, ignore: IGNORE })).length > 0;
  const base = hasSrc ? "src" : ".";
  const files = await glob(`${base === "." ? "" : `${base}/`}**/*.{ts,mts,cts,tsx}`, { cwd: root, ignore: IGNORE });

  const folders = new Map<string, LayerFolder>();
  const suffixFiles = new Map<string, SuffixFiles>();
  for (const file of files.sort()) {
    const segments = file.split("/");
    const folderIndex = segments.slice(0, -1).findIndex((segment) => layerOfFolder(segment) !== undefined);
    if (folderIndex >= 0) {
      const name = segments[folderIndex];
      const folder = segments.slice(0, folderIndex + 1).join("/");
      const layer = layerOfFolder(name)!;
      if (!folders.has(folder)) folders.set(folder, { layer, folder, coveredByPreset: PRESET_FOLDERS.has(name) });
      continue;
    }
    const suffix = suffixOf(segments[segments.length - 1]);
    if (!suffix) continue;
    const entry = suffixFiles.get(suffix.pattern) ?? { ...suffix, count: 0 };
    entry.count += 1;
    suffixFiles.set(suffix.pattern, entry);
  }

  const found = [...folders.values()].sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer) || a.folder.localeCompare(b.folder));
  const suffixes = [...suffixFiles.values()].sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer) || a.pattern.localeCompare(b.pattern));
  const hasRepositories = [...found, ...suffixes].some((entry) => entry.layer === "repositories");
  const preset: LayerPreset = hasRepositories ? "three-layer" : "two-layer";
  const presetGlobs = LAYER_PRESETS[preset].definitions;
  const definitions: Record<string, string[]> = {};
  for (const layer of LAYERS) {
    const extra = found.filter((folder) => folder.layer === layer && !folder.coveredByPreset);
    if (extra.length === 0 || !presetGlobs[layer]) continue;
    definitions[layer] = [...presetGlobs[layer], ...extra.map((folder) => `${folder.folder}/**`)];
  }
  return { searched: base === "." ? "the project" : `${base}/`, folders: found, suffixFiles: suffixes, preset, definitions };
}

/** Folder names the preset globs (`**\/routes/**`) match. */
const PRESET_FOLDERS = new Set(
  Object.values(LAYER_PRESETS["three-layer"].definitions)
    .flat()
    .map((pattern) => /^\*\*\/([\w-]+)\/\*\*$/.exec(pattern)?.[1])
    .filter((name): name is string => name !== undefined),
);

function layerOfFolder(name: string): Layer | undefined {
  return LAYERS.find((layer) => LAYER_FOLDERS[layer].includes(name));
}

function suffixOf(fileName: string): { layer: Layer; pattern: string } | undefined {
  const match = /\.(\w+)\.(ts|mts|cts|tsx)$/.exec(fileName);
  if (!match) return undefined;
  const layer = LAYERS.find((candidate) => LAYER_SUFFIXES[candidate].includes(match[1]));
  return layer && { layer, pattern: `*.${match[1]}.${match[2]}` };
}
