//! The report written out: Markdown, or one self-contained HTML page.

use super::*;

fn md_cell(text: &str) -> String {
    md_text(text).replace('|', "\\|").replace('\n', " ")
}

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_text(&report.title));
    let _ = writeln!(
        out,
        "> **{MARKER}** — this is an exercise artefact, not a real event. 本文件为演练材料，非真实事件。\n"
    );
    if !report.unfaithful.is_empty() {
        let _ = writeln!(
            out,
            "> **{} / {}**\n>",
            Lang::Zh.t(Text::NotFaithful),
            Lang::En.t(Text::NotFaithful)
        );
        for why in &report.unfaithful {
            let _ = writeln!(out, "> - {}", md_text(why));
        }
        out.push('\n');
    }
    for (k, v) in &report.meta {
        let _ = writeln!(out, "- **{k}**: {}", md_cell(v));
    }
    for s in &report.sections {
        let _ = writeln!(out, "\n## {}\n", s.heading);
        for p in &s.paragraphs {
            let _ = writeln!(out, "{}", md_text(p));
        }
        if !s.paragraphs.is_empty() {
            out.push('\n');
        }
        if let Some((head, rows)) = &s.table {
            let _ = writeln!(
                out,
                "| {} |",
                head.iter()
                    .map(|h| md_cell(h))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
            let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
            for row in rows {
                let _ = writeln!(
                    out,
                    "| {} |",
                    row.iter()
                        .map(|c| md_cell(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
            }
        }
    }
    let _ = writeln!(out, "\n---\n{MARKER}");
    out
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The report as one self-contained HTML page.
pub fn html(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(&report.title));
    out.push_str(
        "<style>\nbody{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n\
         .marker{background:#ffd400;color:#000;font-weight:bold;padding:.3em .8em;display:inline-block;border:2px solid #000}\n\
         .banner{border:3px dashed #c00;padding:.6em 1em;margin:1em 0;color:#c00;font-weight:bold}\n\
         table{border-collapse:collapse;margin:.8em 0;font-size:.92em}td,th{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}\n\
         th{background:#eee}tr:nth-child(even) td{background:#fafafa}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}\n\
         footer{margin-top:2em;border-top:1px solid #ccc;padding-top:.5em}\n\
         .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:1em}figure{margin:0}figcaption{font-size:.85em;color:#555}\n\
         svg.chart{width:100%;height:auto;background:#fff;border:1px solid #ddd}svg .title{font-size:13px;font-weight:bold}svg .tick{font-size:10px;fill:#444}svg .note{font-size:10px;fill:#444}\n\
         .filters{margin:.6em 0}.filters button{font:inherit;margin-right:.4em;padding:.2em .8em;border:1px solid #888;background:#f4f4f4;cursor:pointer}.filters button.on{background:#1f6feb;color:#fff;border-color:#1f6feb}\n\
         tr[hidden]{display:none}table.filtered td:nth-child(-n+2){white-space:nowrap}\n</style>\n</head>\n<body>\n",
    );
    let _ = writeln!(out, "<p class=\"marker\">{MARKER}</p>");
    let _ = writeln!(out, "<h1>{}</h1>", esc(&report.title));
    let _ = writeln!(
        out,
        "<p class=\"banner\">{MARKER} — this is an exercise artefact, not a real event. 本文件为演练材料，非真实事件。</p>"
    );
    if !report.unfaithful.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"banner\"><p>{} / {}</p>\n<ul>",
            esc(Lang::Zh.t(Text::NotFaithful)),
            esc(Lang::En.t(Text::NotFaithful))
        );
        for why in &report.unfaithful {
            let _ = writeln!(out, "<li>{}</li>", esc(why));
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("<dl>\n");
    for (k, v) in &report.meta {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
    }
    out.push_str("</dl>\n");
    let mut filters = false;
    for s in &report.sections {
        let _ = writeln!(out, "<h2>{}</h2>", esc(&s.heading));
        if !s.charts.is_empty() {
            out.push_str("<div class=\"charts\">\n");
            for c in &s.charts {
                let _ = writeln!(
                    out,
                    "<figure>{}<figcaption>{}</figcaption></figure>",
                    c.svg,
                    esc(&c.summary)
                );
            }
            out.push_str("</div>\n");
        }
        let mut in_list = false;
        let paragraphs: &[String] = if s.charts.is_empty() {
            &s.paragraphs
        } else {
            &[]
        };
        for p in paragraphs {
            if let Some(item) = p.strip_prefix("- ") {
                if !in_list {
                    out.push_str("<ul>\n");
                    in_list = true;
                }
                let _ = writeln!(out, "<li>{}</li>", esc(item));
            } else {
                if in_list {
                    out.push_str("</ul>\n");
                    in_list = false;
                }
                let _ = writeln!(out, "<p>{}</p>", esc(p));
            }
        }
        if in_list {
            out.push_str("</ul>\n");
        }
        if let Some((head, rows)) = &s.table {
            let filtered = !s.kinds.is_empty();
            if filtered {
                filters = true;
                out.push_str("<div class=\"filters\" role=\"group\" aria-label=\"filter 筛选\"><button type=\"button\" data-filter=\"all\" class=\"on\">全部 all</button>");
                for (id, label) in KINDS {
                    let _ = write!(
                        out,
                        "<button type=\"button\" data-filter=\"{id}\">{}</button>",
                        esc(label)
                    );
                }
                out.push_str("</div>\n<table class=\"filtered\">\n<tr>");
            } else {
                out.push_str("<table>\n<tr>");
            }
            for h in head {
                let _ = write!(out, "<th>{}</th>", esc(h));
            }
            out.push_str("</tr>\n");
            for (i, row) in rows.iter().enumerate() {
                match s.kinds.get(i) {
                    Some(kind) => {
                        let _ = write!(out, "<tr data-kind=\"{kind}\">");
                    }
                    None => out.push_str("<tr>"),
                }
                for c in row {
                    let _ = write!(out, "<td>{}</td>", esc(c));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</table>\n");
        }
    }
    if filters {
        // The timeline's filters: one click shows one kind of row (decisions alone, …).
        out.push_str(
            "<script>\nfor (const group of document.querySelectorAll('.filters')) {\n  const table = group.nextElementSibling;\n  for (const button of group.querySelectorAll('button')) {\n    button.addEventListener('click', () => {\n      const kind = button.dataset.filter;\n      for (const row of table.querySelectorAll('tr[data-kind]')) {\n        row.hidden = kind !== 'all' && row.dataset.kind !== kind;\n      }\n      for (const b of group.querySelectorAll('button')) {\n        b.classList.toggle('on', b === button);\n      }\n    });\n  }\n}\n</script>\n",
        );
    }
    let _ = writeln!(
        out,
        "<footer><span class=\"marker\">{MARKER}</span></footer>\n</body>\n</html>"
    );
    out
}
