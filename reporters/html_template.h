// The page report.html is rendered from (kainjow mustache: {{x}} is HTML-escaped, {{{x}}}
// is not and only ever holds SVG the reporter drew from numbers and escaped labels). One
// file, no script, no fetch: the Content-Security-Policy forbids both, so a report opened
// from a CI artifact shows the same offline and cannot run anything a finding carries.
#pragma once

namespace mlgate {

inline constexpr const char kHtmlTemplate[] = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mlgate {{verdict_upper}} · {{model}}</title>
<style>
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; margin: 0 auto;
       max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
.verdict { border-radius: 8px; padding: 16px 20px; color: #fff; margin: 12px 0 20px; }
.verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); }
.verdict strong { font-size: 26px; letter-spacing: 1px; margin-right: 12px; }
.meta { color: var(--muted); } .meta code { color: #1f2328; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; min-width: 52px; text-align: center; border-radius: 10px; padding: 0 8px;
         font-size: 12px; font-weight: 600; color: #fff; }
.badge.pass { background: var(--pass); } .badge.fail, .badge.error { background: var(--fail); }
.badge.warn { background: var(--warn); } .badge.skipped, .badge.waived { background: var(--muted); }
.ok { color: var(--pass); } .bad { color: var(--fail); }
.waived { color: var(--muted); text-decoration: line-through; }
code, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; word-break: break-all; }
.message { white-space: pre-wrap; word-break: break-word; }
details { margin: 6px 0 10px; } summary { cursor: pointer; font-weight: 600; }
.chart { margin: 6px 0 12px; } .legend { font-size: 12px; color: var(--muted); }
@media print { details { display: block; } details > summary { list-style: none; } body { padding: 0; } }
</style>
</head>
<body>
<h1>mlgate report · {{model}}</h1>
<div class="meta">artifact <code>{{artifact}}</code>{{#sha256}} · sha256 <code>{{sha256}}</code>{{/sha256}}<br>
commit <code>{{commit}}</code>{{#base}} · judged against base <code>{{base}}</code>{{/base}} · environment
<code>{{environment}}</code> · policy date {{date}} · mlgate {{tool_version}}</div>
<div class="verdict {{verdict}}"><strong>{{verdict_upper}}</strong>{{counts}}</div>
{{#errors}}<p class="bad">✗ {{.}}</p>{{/errors}}
{{#pending}}<p class="meta">Pending policy change (judged by the base commit's version): {{.}}</p>{{/pending}}

<h2>Checks</h2>
<table>
<tr><th>status</th><th>check</th><th>blocking</th><th>summary</th></tr>
{{#checks}}<tr><td><span class="badge {{status}}">{{status}}</span></td><td><a href="#check-{{id}}">{{id}}</a></td>
<td>{{blocking}}</td><td class="message">{{summary}}</td></tr>
{{/checks}}</table>

{{#checks}}
<h2 id="check-{{id}}">{{title}} <span class="badge {{status}}">{{status}}</span></h2>
<p class="message">{{summary}}</p>
{{#has_measurements}}<h3>Measurements</h3>
<table><tr><th>measurement</th><th>value</th><th>required</th><th>result</th></tr>
{{#measurements}}<tr><td><code>{{name}}</code></td><td class="num">{{value}}</td><td class="num">{{required}}</td>
<td class="{{result_class}}">{{result}}{{#note}} ({{note}}){{/note}}</td></tr>
{{/measurements}}</table>{{/has_measurements}}
{{#charts}}<h3>{{title}}</h3><div class="chart">{{{svg}}}</div>{{/charts}}
{{#has_findings}}<details{{#open}} open{{/open}}><summary>{{finding_count}}</summary>
<table><tr><th>severity</th><th>rule</th><th>where</th><th>message</th><th>waiver</th></tr>
{{#findings}}<tr class="{{#waived}}waived{{/waived}}"><td>{{severity}}{{^blocking}} (informs){{/blocking}}</td>
<td><code>{{rule}}</code></td><td><code>{{location}}</code></td><td class="message">{{message}}</td>
<td>{{#waived}}<span class="badge waived">waived</span> {{waiver}}{{#waiver_expires}} · until {{waiver_expires}}{{/waiver_expires}}{{/waived}}</td></tr>
{{/findings}}</table></details>{{/has_findings}}
{{#has_evidence}}<h3>Evidence</h3>
<table><tr><th>file</th><th>sha256</th><th>bytes</th></tr>
{{#evidence}}<tr><td><code>{{path}}</code></td><td class="hash">{{sha256}}</td><td class="num">{{bytes}}</td></tr>
{{/evidence}}</table>{{/has_evidence}}
{{/checks}}

{{#has_approvals}}<h2>Approvals</h2>
<table><tr><th>status</th><th>approval</th></tr>
{{#approvals}}<tr><td><span class="badge {{status}}">{{status}}</span></td><td class="message">{{message}}</td></tr>
{{/approvals}}</table>{{/has_approvals}}

{{#has_promotions}}<h2>Promotion history ({{environment}})</h2>
<table><tr><th>when</th><th>event</th><th>version</th><th>previous</th><th>tag</th><th>commit</th></tr>
{{#promotions}}<tr><td>{{at}}</td><td>{{event}}</td><td><code>{{version}}</code></td><td><code>{{previous}}</code></td>
<td><code>{{tag}}</code></td><td><code>{{commit}}</code></td></tr>
{{/promotions}}</table>{{/has_promotions}}

<h2>Policy</h2>
<table><tr><th>file</th><th>sha256</th><th>bytes</th></tr>
{{#policy_files}}<tr><td><code>{{path}}</code></td><td class="hash">{{sha256}}</td><td class="num">{{bytes}}</td></tr>
{{/policy_files}}</table>
{{#has_overrides}}<h3>Overrides of the packs</h3>
<table><tr><th>setting</th><th>pack</th><th>pack's value</th><th>value</th><th>where</th></tr>
{{#overrides}}<tr><td><code>{{key}}</code></td><td>{{pack}}</td><td>{{pack_value}}</td><td>{{value}}</td><td><code>{{location}}</code></td></tr>
{{/overrides}}</table>{{/has_overrides}}
{{#has_waivers}}<h3>Waivers</h3>
<table><tr><th>check</th><th>rule</th><th>status</th><th>expires</th><th>approved by</th><th>reason</th><th>matched</th></tr>
{{#waivers}}<tr><td>{{check}}</td><td><code>{{rule}}</code></td><td>{{status}}</td><td>{{expires}}</td><td>{{approved_by}}</td>
<td class="message">{{reason}}</td><td class="num">{{matched}}</td></tr>
{{/waivers}}</table>{{/has_waivers}}
<p class="meta">Written by mlgate {{tool_version}} from report.json; every other report is rendered from the same file.</p>
</body>
</html>
)HTML";

}  // namespace mlgate
