/**
 * What `init` reads from the source tree: the folders of each layer (`routes/`, `services/`, `dao/`…) and the
 * files named by layer (`users.controller.ts`, `user_route.ts`, `router.user.ts`), which preset fits, and the
 * layer globs the preset would miss. Tests, seeds, scripts and migrations are never a layer (`source-files.ts`).
 */
import picomatch from "picomatch";
import { LAYER_PRESETS } from "../../config/defaults.js";
import type { LayerPreset } from "../../config/types.js";
import { apiSourceFiles, TS_EXTENSIONS } from "./source-files.js";

type Layer = "routes" | "services" | "repositories" | "data";

/** Folder names of each layer. */
const LAYER_FOLDERS: Readonly<Record<Layer, readonly string[]>> = {
  routes: ["routes", "routers", "controllers", "route", "router", "controller", "handlers", "resolvers", "resolver"],
  services: ["services", "service"],
  repositories: ["repositories", "repository", "repos", "dao", "dal"],
  data: ["db", "prisma", "database"],
};

/**
 * Words that name a file's layer, in any of three forms: `users.router.ts`, `user_router.ts`, `router.user.ts`.
 * Feature modules (`modules/users/users.controller.ts`, `users.service.ts`…) are found by the same names.
 */
const LAYER_FILE_WORDS: Readonly<Record<Layer, readonly string[]>> = {
  routes: ["routes", "route", "router", "controller", "resolver"],
  services: ["service"],
  repositories: ["repository", "dao"],
  data: [],
};

const LAYERS = Object.keys(LAYER_FOLDERS) as Layer[];

export interface LayerFolder {
  layer: Layer;
  /** relative to the project root, with `/` */
  folder: string;
  /** whether the preset's globs of the layer already match every file found in it */
  coveredByPreset: boolean;
}

export interface NamedFiles {
  layer: Layer;
  /** `*.service.ts`, `*_route.ts`, `router.*.ts` */
  pattern: string;
  count: number;
  /** whether the preset's globs of the layer already match every such file */
  coveredByPreset: boolean;
}

export interface LayerInspection {
  /** under `src/` when there is one, else the whole project */
  searched: string;
  folders: LayerFolder[];
  /** files named by layer outside the layer folders, per name pattern */
  namedFiles: NamedFiles[];
  preset: LayerPreset;
  /** layers whose files the preset's globs miss: the preset's globs of that layer plus the folders and names found */
  definitions: Record<string, string[]>;
}

export async function inspectLayers(root: string): Promise<LayerInspection> {
  const hasSrc = (await apiSourceFiles(root, "src", TS_EXTENSIONS)).length > 0;
  const base = hasSrc ? "src" : ".";
  const files = await apiSourceFiles(root, base, TS_EXTENSIONS);

  const folderFiles = new Map<string, { layer: Layer; files: string[] }>();
  const namedFiles = new Map<string, { layer: Layer; files: string[] }>();
  const add = (map: typeof folderFiles, key: string, layer: Layer, file: string) => {
    const entry = map.get(key) ?? { layer, files: [] };
    entry.files.push(file);
    map.set(key, entry);
  };
  for (const file of files) {
    const segments = file.split("/");
    const folderIndex = segments.slice(0, -1).findIndex((segment) => layerOfFolder(segment) !== undefined);
    if (folderIndex >= 0) {
      add(folderFiles, segments.slice(0, folderIndex + 1).join("/"), layerOfFolder(segments[folderIndex])!, file);
      continue;
    }
    const named = nameOf(segments[segments.length - 1]);
    if (named) add(namedFiles, named.pattern, named.layer, file);
  }

  const hasRepositories = [...folderFiles.values(), ...namedFiles.values()].some((entry) => entry.layer === "repositories");
  const preset: LayerPreset = hasRepositories ? "three-layer" : "two-layer";
  const presetGlobs = LAYER_PRESETS[preset].definitions;
  const matchers = new Map(LAYERS.map((layer) => [layer, picomatch([...(presetGlobs[layer] ?? [])], { dot: true })]));
  const covered = (layer: Layer, paths: readonly string[]) => paths.every((file) => matchers.get(layer)!(file));

  const folders = [...folderFiles]
    .map(([folder, entry]): LayerFolder => ({ layer: entry.layer, folder, coveredByPreset: covered(entry.layer, entry.files) }))
    .sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer) || compare(a.folder, b.folder));
  const names = [...namedFiles]
    .map(([pattern, entry]): NamedFiles => ({
      layer: entry.layer,
      pattern,
      count: entry.files.length,
      coveredByPreset: covered(entry.layer, entry.files),
    }))
    .sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer) || compare(a.pattern, b.pattern));

  const definitions: Record<string, string[]> = {};
  for (const layer of LAYERS) {
    const extra = [
      ...folders.filter((folder) => folder.layer === layer && !folder.coveredByPreset).map((folder) => `${folder.folder}/**`),
      ...names.filter((entry) => entry.layer === layer && !entry.coveredByPreset).map((entry) => `**/${entry.pattern}`),
    ];
    if (extra.length === 0 || !presetGlobs[layer]) continue;
    definitions[layer] = [...presetGlobs[layer], ...extra];
  }
  return { searched: base === "." ? "the project" : `${base}/`, folders, namedFiles: names, preset, definitions };
}

/** By code unit, so the order is the same in every locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function layerOfFolder(name: string): Layer | undefined {
  return LAYERS.find((layer) => LAYER_FOLDERS[layer].includes(name));
}

/** The layer and name pattern of a file named by layer: `users.router.ts` → routes, `*.router.ts`. */
function nameOf(fileName: string): { layer: Layer; pattern: string } | undefined {
  const dot = fileName.lastIndexOf(".");
  const stem = fileName.slice(0, dot);
  const extension = fileName.slice(dot + 1);
  // the last word after a `.` or `_`: `users.router`, `user_route`, `users.admin.controller`
  const suffix = /^.+([._])([a-z]+)$/.exec(stem);
  const suffixLayer = suffix && layerOfWord(suffix[2]);
  if (suffixLayer) return { layer: suffixLayer, pattern: `*${suffix[1]}${suffix[2]}.${extension}` };
  // the first word before a `.`: `router.user`
  const prefix = /^([a-z]+)\../.exec(stem);
  const prefixLayer = prefix && layerOfWord(prefix[1]);
  if (prefixLayer) return { layer: prefixLayer, pattern: `${prefix[1]}.*.${extension}` };
  return undefined;
}

function layerOfWord(word: string): Layer | undefined {
  return LAYERS.find((layer) => LAYER_FILE_WORDS[layer].includes(word));
}
