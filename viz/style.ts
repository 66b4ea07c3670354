/** The report's stylesheet, inlined by the template (the CSP allows inline style only). */
export const STYLE = `
:root{--bg:#f5f6f8;--panel:#fff;--line:#e3e6eb;--ink:#1f2937;--muted:#6b7280;--accent:#2563eb;--bad:#d62728;--ok:#15803d;--warn:#b45309;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
html,body{margin:0;background:var(--bg);color:var(--ink);font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
button{font:inherit;border:1px solid var(--line);background:#fff;border-radius:6px;padding:3px 10px;cursor:pointer;color:var(--ink)}
button:hover{border-color:#9ca3af}button.on{background:#e8efff;border-color:#93b4f5}
kbd{font:11px var(--mono);border:1px solid #cfd4dc;border-bottom-width:2px;border-radius:4px;padding:0 4px;background:#fafbfc}
code{font-family:var(--mono);font-size:12px}
#header{padding:12px 18px 8px;background:var(--panel);border-bottom:1px solid var(--line)}
.title-row{display:flex;align-items:center;gap:12px}
.brand{font-weight:700;letter-spacing:.04em;color:var(--accent);text-transform:uppercase;font-size:12px}
h1{font-size:18px;margin:0;font-weight:600}
.spacer{flex:1}
.verdict{padding:2px 10px;border-radius:999px;font-weight:600;font-size:12px}
.verdict.ok{background:#dcfce7;color:var(--ok)}.verdict.violation{background:#fee2e2;color:var(--bad)}.verdict.unknown{background:#fef3c7;color:var(--warn)}
#jump-violation{border-color:#f5a3a3;color:var(--bad);font-weight:600}
.meta-row{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:6px;color:var(--muted)}
.meta-row b{color:var(--ink);font-weight:600}
.replay-row{display:flex;align-items:center;gap:8px;margin-top:6px}
.replay-row .label{color:var(--muted)}
.replay-row code{background:#f3f4f6;border:1px solid var(--line);border-radius:6px;padding:2px 8px;user-select:all;overflow:auto;white-space:nowrap;max-width:80vw}
.violations{margin-top:8px;border-left:3px solid var(--bad);background:#fff5f5;padding:6px 10px;border-radius:0 6px 6px 0}
.violations .v{margin:2px 0}.violations .check{font-weight:600;color:var(--bad)}
.notice{margin-top:8px;border-left:3px solid #e8890c;background:#fff8ec;padding:6px 10px;border-radius:0 6px 6px 0}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin-top:8px;color:#374151;font-size:12px}
.legend .item{display:inline-flex;align-items:center;gap:5px}
.legend .sw{display:inline-block;width:18px;height:10px;border-radius:2px}
.legend .ln{display:inline-block;width:22px;height:0;border-top:2px solid}
.legend .group{color:var(--muted);font-weight:600;margin-left:6px}
#main{display:grid;grid-template-columns:minmax(0,1fr) 380px;grid-template-rows:auto auto;gap:12px;padding:12px 18px 24px}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:10px}
#timeline{grid-column:1;grid-row:1;overflow:hidden}
#inspector{grid-column:2;grid-row:1 / span 2;align-self:start;position:sticky;top:12px;max-height:calc(100vh - 24px);overflow:auto;padding:10px 12px}
#events{grid-column:1;grid-row:2;padding:8px 10px}
.toolbar{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:8px 10px;border-bottom:1px solid var(--line)}
.toolbar .sep{width:1px;height:18px;background:var(--line)}
.toolbar .readout{margin-left:auto;color:var(--muted);font-family:var(--mono);font-size:12px}
.toolbar label{display:inline-flex;align-items:center;gap:4px;color:#374151}
#diagram-wrap{position:relative}
#diagram{display:block;width:100%;user-select:none;cursor:crosshair}
#diagram text{font-size:11px;fill:#374151}
#diagram .lane-label{font:600 12px system-ui,sans-serif;fill:#111827;cursor:pointer}
#diagram .lane-label.sel{fill:var(--accent)}
#diagram .lane-bg.sel{fill:#eef3ff}
#diagram .section{font:600 10px system-ui,sans-serif;fill:#9ca3af;letter-spacing:.08em;text-transform:uppercase}
#diagram .lane-line{stroke:#cbd2db;stroke-width:1}
#diagram .axis text{fill:#6b7280;font-size:10px}#diagram .axis path,#diagram .axis line{stroke:#cbd2db}
#diagram .grid line{stroke:#f0f2f5}
#diagram line.msg{stroke-width:1.3;fill:none;opacity:.85}
#diagram line.msg.duplicate{stroke-dasharray:1.5 2.5;stroke-width:1.8}
#diagram line.msg.delayed{stroke-dasharray:7 3}
#diagram line.msg.in-flight{stroke-dasharray:2 4;opacity:.6}
#diagram line.msg.dropped{opacity:.9}
#diagram line.msg.hl{stroke-width:3;opacity:1}
#diagram .drop-x{stroke:#d62728;stroke-width:2;fill:none}
#diagram .glyph{cursor:pointer}
#diagram .status.down{fill:url(#hatch-down)}
#diagram .status.paused{fill:#fde68a;opacity:.55}
#diagram .band rect{opacity:.16}
#diagram .band .band-edge{stroke-width:1.5;opacity:.7}
#diagram .role-label{font-size:9px;fill:#fff;font-weight:600;pointer-events:none;paint-order:stroke;stroke-width:3px;stroke-linejoin:round}
#diagram .role-label.follower,#diagram .role-label.other{fill:#1e3a8a}
#diagram .fault-span{fill-opacity:.28;stroke-width:1;cursor:pointer}
#diagram .fault-span.undone{stroke-dasharray:3 2}
#diagram .fault-point{cursor:pointer}
#diagram .fault-label{font-size:10px;fill:#374151;pointer-events:none}
#diagram .fault-row-label{font:10px system-ui,sans-serif;fill:#6b7280}
#diagram .faults-end{stroke:#6b7280;stroke-width:1;stroke-dasharray:3 3}
#diagram .faults-end-label{font-size:10px;fill:#6b7280;font-style:italic}
#diagram .op{stroke:rgba(0,0,0,.25);stroke-width:.5;cursor:pointer}
#diagram .op-tail{stroke-width:1.5;stroke-dasharray:4 3;pointer-events:none}
#diagram .op.cx{stroke:#d62728;stroke-width:2}
#diagram .op.cx-fit{stroke:#d62728;stroke-width:1;stroke-dasharray:3 2}
#diagram .op.prefix{stroke:#111827;stroke-width:1}
#diagram .op.sel{stroke:#2563eb;stroke-width:2.5}
#diagram .lp{fill:#111827}
#diagram .lp-path{stroke:#111827;stroke-width:1;fill:none;opacity:.6}
#diagram .lp-label{font-size:9px;fill:#111827}
#diagram .op-label{font-size:9.5px;fill:#1f2937;pointer-events:none}
#diagram .cx-label{pointer-events:none;font-size:10px;fill:#d62728;font-weight:600}
#diagram .density{fill:#4e79a7}
#diagram .cursor{stroke:#111827;stroke-width:1.2;pointer-events:none}
#diagram .cursor-mark{fill:none;stroke:#111827;stroke-width:2;pointer-events:none}
#diagram .viol-mark{fill:#d62728}
#diagram .lease{opacity:.8}
.tooltip{position:fixed;z-index:20;max-width:460px;background:#111827;color:#f9fafb;border-radius:6px;padding:6px 8px;font:12px/1.35 var(--mono);white-space:pre-wrap;pointer-events:none;box-shadow:0 4px 14px rgba(0,0,0,.2)}
#inspector h2{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:12px 0 6px}
#inspector h2:first-child{margin-top:2px}
#inspector table{border-collapse:collapse;width:100%;font-size:12px}
#inspector td,#inspector th{padding:2px 6px;border-bottom:1px solid #f0f2f5;text-align:left;vertical-align:top}
#inspector th{color:var(--muted);font-weight:500}
#inspector tr.sel td{background:#eef3ff}
#inspector tr.changed td{background:#fff7d6}
#inspector tr.added td{background:#e9f9ee}
#inspector .mono,#inspector td.v{font-family:var(--mono);overflow-wrap:anywhere}
#inspector table[data-testid=cluster] td{white-space:nowrap}
#inspector .faults{max-height:260px;overflow:auto}
#inspector .faults tr{cursor:pointer}
#inspector .faults td:first-child{white-space:nowrap}
#inspector .faults tr.past td{color:#374151}
#inspector .faults tr.future td{color:#9ca3af}
#inspector .faults tr.current td{background:#fff3e0;font-weight:600}
#inspector .faults tr.undo td{font-style:italic}
#inspector .faults .sw{display:inline-block;width:8px;height:8px;border-radius:2px;margin-right:4px}
#inspector .before{color:#9ca3af;text-decoration:line-through;margin-right:6px}
#inspector .cursor-event{font:12px var(--mono);background:#f8fafc;border:1px solid var(--line);border-radius:6px;padding:6px 8px;white-space:pre-wrap;word-break:break-all;max-height:220px;overflow:auto}
#inspector .cx{font:12px var(--mono);white-space:pre-wrap;background:#fff5f5;border:1px solid #fecaca;border-radius:6px;padding:6px 8px;max-height:300px;overflow:auto}
#inspector .empty{color:var(--muted);font-style:italic}
.pill{display:inline-block;padding:0 6px;border-radius:999px;font-size:11px;font-weight:600}
.pill.up{background:#dcfce7;color:#166534}.pill.down{background:#fee2e2;color:#991b1b}.pill.paused{background:#fef3c7;color:#92400e}
.logbar{display:flex;gap:2px;flex-wrap:wrap;margin:4px 0}
.logbar .e{min-width:18px;height:18px;border-radius:3px;font:10px/18px var(--mono);text-align:center;background:#e5e7eb;color:#374151;padding:0 2px}
.logbar .e.committed{background:#bfdbfe}.logbar .e.applied{background:#93c5fd;color:#1e3a8a}
.progress{position:relative;height:14px;background:#eef0f3;border-radius:4px;overflow:hidden;margin:4px 0}
.progress div{position:absolute;top:0;bottom:0;left:0}
.progress .p-log{background:#e5e7eb}.progress .p-commit{background:#bfdbfe}.progress .p-applied{background:#60a5fa}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:6px}
.filters select,.filters input{font:inherit;border:1px solid var(--line);border-radius:6px;padding:3px 6px;background:#fff}
.filters input{min-width:220px}
.filters .count{color:var(--muted);margin-left:auto}
.table-head,.row{display:grid;grid-template-columns:64px 92px 64px 150px minmax(0,1fr);gap:8px;padding:0 6px;align-items:center}
.table-head{font-weight:600;color:var(--muted);border-bottom:1px solid var(--line);height:24px}
.table-body{position:relative;height:320px;overflow:auto;font-family:var(--mono);font-size:12px}
.row{position:absolute;left:0;right:0;height:20px;white-space:nowrap;cursor:pointer}
.row>span{overflow:hidden;text-overflow:ellipsis}
.row:hover{background:#f5f7fb}.row.cur{background:#e8efff}.row.fault{color:#9a3412}.row.bad{color:var(--bad)}
.overlay{position:fixed;inset:0;background:rgba(17,24,39,.45);display:flex;align-items:center;justify-content:center;z-index:30}
.overlay[hidden]{display:none}
.overlay .card{background:#fff;border-radius:12px;padding:18px 22px;min-width:420px;box-shadow:0 10px 40px rgba(0,0,0,.25)}
.overlay h2{margin:0 0 10px;font-size:16px}
.overlay table td{padding:3px 10px 3px 0}
.loading{padding:20px;color:var(--muted)}
#app[data-state="ready"] .loading{display:none}
.noscript{padding:20px}
`;
