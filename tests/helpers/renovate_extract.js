// Renovate's regex custom manager, the part a test needs: every match of every matchString, its named groups,
// and the templates filled in with them (Renovate fills `{{{group}}}` from the match's named groups).
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const out = [];
for (const manager of input.managers) {
  for (const file of input.files) {
    for (const source of manager.matchStrings) {
      const re = new RegExp(source, "g");
      for (const match of file.text.matchAll(re)) {
        const groups = Object.fromEntries(Object.entries(match.groups || {}).filter(([, v]) => v !== undefined));
        const dep = { file: file.name, ...groups };
        for (const [key, value] of Object.entries(manager)) {
          if (key.endsWith("Template")) {
            dep[key.slice(0, -"Template".length)] = value.replace(/\{\{\{(\w+)\}\}\}/g, (_, g) => groups[g] ?? "");
          }
        }
        out.push(dep);
      }
    }
  }
}
process.stdout.write(JSON.stringify(out));
