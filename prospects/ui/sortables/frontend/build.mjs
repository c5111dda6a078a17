// Builds the component into build/ with esbuild (--dev: unminified, React's full error messages;
// --test: the unit tests into build-test/ for `node --test`).
import { build } from "esbuild"
import { mkdirSync, writeFileSync, rmSync } from "node:fs"

const dev = process.argv.includes("--dev")
if (process.argv.includes("--test")) {
  rmSync("build-test", { recursive: true, force: true })
  await build({ entryPoints: ["src/moves.test.ts"], bundle: true, platform: "node", format: "esm",
                outfile: "build-test/moves.test.mjs", logLevel: "warning" })
  process.exit(0)
}
rmSync("build", { recursive: true, force: true })
mkdirSync("build", { recursive: true })
await build({
  entryPoints: ["src/index.tsx"],
  bundle: true,
  minify: !dev,
  sourcemap: dev ? "inline" : false,
  target: ["es2019"],
  outfile: "build/main.js",
  define: { "process.env.NODE_ENV": JSON.stringify(dev ? "development" : "production") },
  legalComments: "linked",
  logLevel: "warning",
})
writeFileSync("build/index.html", `<!doctype html><html lang="en"><head><title>Streamlit Component</title>
<meta charset="UTF-8"/><meta name="viewport" content="width=device-width,initial-scale=1"/>
<link href="./main.css" rel="stylesheet"></head><body><div id="root"></div>
<script src="./main.js"></script></body></html>
`)
