// Prepares the EVM test toolchain under the given folder (the module's target/evm):
// installs the locked npm packages (Anvil, solc-js) with `npm ci`, then compiles the test
// contracts into <folder>/out. Each step is skipped when its inputs have not changed, so
// repeated builds cost a few milliseconds.
//
// Usage: node prepare.mjs <target-folder>
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const source = dirname(fileURLToPath(import.meta.url));
const target = resolve(process.argv[2] ?? join(source, "..", "..", "..", "target", "evm"));
mkdirSync(target, { recursive: true });

const digest = (...parts) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
};
const readStamp = (file) => (existsSync(file) ? readFileSync(file, "utf8") : "");

function run(command, args, cwd) {
  const shell = process.platform === "win32";
  const result = spawnSync(command, args, { cwd, stdio: "inherit", shell });
  if (result.status !== 0) {
    console.error(`evm: '${command} ${args.join(" ")}' failed (exit ${result.status}${result.error ? ", " + result.error.message : ""})`);
    process.exit(result.status || 1);
  }
}

// 1. npm ci, keyed on the lock file: node_modules lives under target/, so `clean` removes it.
const lock = readFileSync(join(source, "package-lock.json"));
const manifest = readFileSync(join(source, "package.json"));
const installKey = digest(manifest, lock, process.platform, process.arch);
const installStamp = join(target, "node_modules", ".sextant-install");
if (readStamp(installStamp) === installKey) {
  console.log("evm: npm packages up to date");
} else {
  copyFileSync(join(source, "package.json"), join(target, "package.json"));
  copyFileSync(join(source, "package-lock.json"), join(target, "package-lock.json"));
  // Anvil's own postinstall only links the platform binary, which the optional
  // platform package already brings; skipping scripts keeps the install offline-safe.
  run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], target);
  writeFileSync(installStamp, installKey);
}

// 2. solcjs, keyed on the contract sources and the compiler version.
const contracts = join(source, "contracts");
const sources = readdirSync(contracts).filter((name) => name.endsWith(".sol")).sort();
const out = join(target, "out");
const compileKey = digest(installKey, ...sources.flatMap((name) => [name, readFileSync(join(contracts, name))]));
const compileStamp = join(out, ".sextant-compile");
if (readStamp(compileStamp) === compileKey) {
  console.log("evm: contracts up to date");
} else {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const solcjs = join(target, "node_modules", "solc", "solc.js");
  run(process.execPath, [solcjs, "--bin", "--abi", "--optimize", "--base-path", contracts, "-o", out, ...sources.map((name) => join(contracts, name))], target);
  writeFileSync(compileStamp, compileKey);
  console.log(`evm: compiled ${sources.join(", ")}`);
}
