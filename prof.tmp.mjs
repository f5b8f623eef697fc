import { scan } from "./dist/src/engine/scan.js";
for (let i = 0; i < 3; i++) {
const times = [];
const t0 = performance.now();
const r = await scan({ target: process.argv[2] ?? ".bench-cache/synthetic-6000-seed42", onRuleTimed: (id, ms) => times.push([id, Math.round(ms)]) });
console.log(Math.round(performance.now() - t0), r.findings.length);
console.log(times.filter((t) => t[1] > 10).map((t) => t.join(" ")).join(", "));
}
