// The floor for any AST tool in Node: start the process, load TypeScript, read and parse every
// source file of the corpus in the working directory, nothing else. Plain JS so the measurement
// carries no tsx start-up cost.
import fs from "node:fs";
import ts from "typescript";
import { glob } from "tinyglobby";

const files = await glob("src/**/*.ts", { cwd: process.cwd(), absolute: true });
for (const file of files) {
  ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
}
console.log(files.length);
