import { loadProject } from "./dist/src/engine/load-project.js";
import { defaultConfig } from "./dist/src/config/config.js";
import { LiteralsSeen } from "./dist/src/facts/literal-gates.js";
const { project } = await loadProject(process.argv[2], defaultConfig());
const texts = project.files.map((f) => f.text);
new LiteralsSeen(texts[0]).has(0);
// reach into the automaton via a scan on a LiteralsSeen
const mod = await import("./dist/src/facts/literal-gates.js");
const seen = new LiteralsSeen("x"); seen.has(0);
const auto = seen.builtFor;
const { delta } = auto;
let zeroStay = 0, total = 0, depthHist = new Map();
for (const text of texts) { let s = 0; for (let i = 0; i < text.length; i++) { const c = text.charCodeAt(i); const n = delta[(s << 7) | (c < 128 ? c : 0)]; if (s === 0 && n === 0) zeroStay++; total++; s = n; } }
console.log("states", delta.length / 128, "chars", total, "root->root", (zeroStay / total * 100).toFixed(1) + "%");
let t = performance.now(); for (const text of texts) new LiteralsSeen(text).has(0); console.log("scan ms", Math.round(performance.now() - t));
t = performance.now(); for (const text of texts) new LiteralsSeen(text).has(0); console.log("scan ms", Math.round(performance.now() - t));
