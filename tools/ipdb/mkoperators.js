#!/usr/bin/env node
// Writes data/operators.json (stdout) from mcc-mnc-list's JSON and our hand-written
// reverse-DNS patterns. Usage: mkoperators.js MCC_MNC_JSON RDNS_JSON SOURCE_TEXT
'use strict';
const fs = require('fs');

const [plmnPath, rdnsPath, source] = process.argv.slice(2);
if (!plmnPath || !rdnsPath || !source) {
  console.error('usage: mkoperators.js MCC_MNC_JSON RDNS_JSON SOURCE_TEXT');
  process.exit(2);
}
const rows = JSON.parse(fs.readFileSync(plmnPath, 'utf8'));
const rdns = JSON.parse(fs.readFileSync(rdnsPath, 'utf8'));

// One entry per MCC/MNC: several countries (territories) often share one code. Prefer an
// operational entry's names; list every country code.
const byCode = new Map();
for (const r of rows) {
  if (!/^\d{3}$/.test(r.mcc || '') || !/^\d{2,3}$/.test(r.mnc || '')) continue;
  const name = (r.operator || r.brand || '').trim();
  if (!name) continue;
  const key = r.mcc + '-' + r.mnc;
  let e = byCode.get(key);
  if (!e) {
    e = { mcc: r.mcc, mnc: r.mnc, name, brand: r.brand ? r.brand.trim() : null,
          countries: new Set(), operational: r.status === 'Operational' };
    byCode.set(key, e);
  } else if (!e.operational && r.status === 'Operational') {
    e.name = name;
    e.brand = r.brand ? r.brand.trim() : null;
    e.operational = true;
  }
  if (r.countryCode) e.countries.add(r.countryCode);
}
const plmn = [...byCode.values()]
  .sort((a, b) => (a.mcc + a.mnc < b.mcc + b.mnc ? -1 : a.mcc + a.mnc > b.mcc + b.mnc ? 1 : 0))
  .map((e) => {
    const o = { mcc: e.mcc, mnc: e.mnc, name: e.name };
    if (e.brand && e.brand !== e.name) o.brand = e.brand;
    if (e.countries.size) o.country = [...e.countries].sort().join(' ');
    return o;
  });

// One PLMN per line keeps diffs of data updates readable.
const out = [];
out.push('{');
out.push('  "source": ' + JSON.stringify(source) + ',');
out.push('  "rdns": ' + JSON.stringify(rdns, null, 2).replace(/\n/g, '\n  ') + ',');
out.push('  "plmn": [');
out.push(plmn.map((o) => '    ' + JSON.stringify(o)).join(',\n'));
out.push('  ]');
out.push('}');
process.stdout.write(out.join('\n') + '\n');
