//! The monthly statistics as tables with Chinese headers — one per view (汇总, 单位, 民警,
//! 类别, 规则, 初次与二次送评, 红牌, 趋势) — and those tables as CSV, as an XLSX workbook
//! (one sheet per view, numbers stored as numbers) or as aligned text for the terminal.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{Counts, MonthlyStats, Row};

/// A cell: text, a whole number, a decimal (2 places shown), a rate (percent) or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Num(f64),
    Rate(f64),
    Empty,
}

/// One view: its sheet name, headers and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Stable id (`?view=` of the CSV export).
    pub id: &'static str,
    pub sheet: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// The views that `?view=` accepts.
pub const VIEWS: [&str; 8] = [
    "totals",
    "units",
    "officers",
    "categories",
    "rules",
    "passes",
    "red_cards",
    "trend",
];

const COUNT_HEADERS: [&str; 12] = [
    "检查案卷数",
    "机器标记",
    "人工补充",
    "确认",
    "驳回",
    "待审",
    "已整改",
    "未整改",
    "扣分合计",
    "案均扣分",
    "百分制得分",
    "误报率",
];

fn opt(v: Option<f64>, cell: fn(f64) -> Cell) -> Cell {
    v.map_or(Cell::Empty, cell)
}

fn count_cells<K>(r: &Row<K>) -> Vec<Cell> {
    let c: &Counts = &r.counts;
    vec![
        Cell::Int(c.dossiers),
        Cell::Int(c.flagged),
        Cell::Int(c.added),
        Cell::Int(c.confirmed),
        Cell::Int(c.rejected),
        Cell::Int(c.open),
        Cell::Int(c.rectified),
        Cell::Int(c.unrectified),
        Cell::Num(c.deduction),
        opt(r.average_deduction, Cell::Num),
        opt(r.score, Cell::Num),
        opt(r.false_flag_rate, Cell::Rate),
    ]
}

fn headers(keys: &[&'static str]) -> Vec<&'static str> {
    keys.iter().chain(COUNT_HEADERS.iter()).copied().collect()
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// The Chinese name of a defect category (the id itself when unknown).
pub fn category_zh(id: &str) -> &str {
    match id {
        "missing_signature" => "笔录无签名",
        "improper_location" => "讯问地点不规范",
        "incomplete_rights_notice" => "权利义务告知不全",
        "time_conflict" => "讯问时间冲突",
        "excessive_duration" => "传唤讯问超时",
        "insufficient_officers" => "讯问人员不足",
        "missing_guardian" => "未成年人无监护人到场",
        "invalid_identity" => "身份信息有误",
        "missing_page" => "缺页",
        "missing_field" => "首部项目漏填",
        other => other,
    }
}

/// Every view of `s`, in sheet order.
pub fn tables(s: &MonthlyStats) -> Vec<Table> {
    let officer_rows = |list: &[super::OfficerRow]| -> Vec<Vec<Cell>> {
        list.iter()
            .map(|o| {
                let k = &o.row.key;
                let mut cells = vec![text(&k.unit), text(&k.unit_name), text(&k.officer)];
                cells.extend(count_cells(&o.row));
                cells.push(text(if o.red_card { "红牌" } else { "" }));
                cells
            })
            .collect()
    };
    let mut officer_headers = headers(&["单位代码", "单位", "主办民警"]);
    officer_headers.push("红牌");
    vec![
        Table {
            id: "totals",
            sheet: "汇总",
            headers: headers(&["月份"]),
            rows: vec![{
                let mut cells = vec![text(&s.totals.key.month)];
                cells.extend(count_cells(&s.totals));
                cells
            }],
        },
        Table {
            id: "units",
            sheet: "单位",
            headers: headers(&["单位代码", "单位"]),
            rows: s
                .units
                .iter()
                .map(|r| {
                    let mut cells = vec![text(&r.key.unit), text(&r.key.unit_name)];
                    cells.extend(count_cells(r));
                    cells
                })
                .collect(),
        },
        Table {
            id: "officers",
            sheet: "民警",
            headers: officer_headers.clone(),
            rows: officer_rows(&s.officers),
        },
        Table {
            id: "categories",
            sheet: "类别",
            headers: headers(&["类别代码", "类别"]),
            rows: s
                .categories
                .iter()
                .map(|r| {
                    let mut cells = vec![text(&r.key.category), text(category_zh(&r.key.category))];
                    cells.extend(count_cells(r));
                    cells
                })
                .collect(),
        },
        Table {
            id: "rules",
            sheet: "规则",
            headers: headers(&["规则", "类别"]),
            rows: s
                .rules
                .iter()
                .map(|r| {
                    let mut cells = vec![text(&r.key.rule), text(category_zh(&r.key.category))];
                    cells.extend(count_cells(r));
                    cells
                })
                .collect(),
        },
        Table {
            id: "passes",
            sheet: "初次与二次送评",
            headers: headers(&["送评"]),
            rows: s
                .passes
                .iter()
                .map(|r| {
                    let mut cells = vec![text(if r.key.pass == 1 {
                        "初次送评"
                    } else {
                        "二次送评"
                    })];
                    cells.extend(count_cells(r));
                    cells
                })
                .collect(),
        },
        Table {
            id: "red_cards",
            sheet: "红牌",
            headers: officer_headers,
            rows: officer_rows(&s.red_cards),
        },
        Table {
            id: "trend",
            sheet: "趋势",
            headers: headers(&["月份"]),
            rows: s
                .trend
                .iter()
                .map(|r| {
                    let mut cells = vec![text(&r.key.month)];
                    cells.extend(count_cells(r));
                    cells
                })
                .collect(),
        },
    ]
}

fn plain(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Num(v) => format!("{v:.2}"),
        Cell::Rate(v) => format!("{v:.4}"),
        Cell::Empty => String::new(),
    }
}

/// One table as CSV (RFC 4180 quoting, CRLF line ends). Rates are fractions (0.25), not
/// percentages, so a spreadsheet reads them as numbers.
pub fn csv(t: &Table) -> String {
    fn field(out: &mut String, s: &str) {
        if s.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&s.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(s);
        }
    }
    let mut out = String::new();
    for (i, h) in t.headers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(&mut out, h);
    }
    out.push_str("\r\n");
    for row in &t.rows {
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            field(&mut out, &plain(c));
        }
        out.push_str("\r\n");
    }
    out
}

/// All tables as one workbook, a sheet each.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let decimal = Format::new().set_num_format("0.00");
    let percent = Format::new().set_num_format("0.0%");
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.sheet)?;
        for (col, h) in t.headers.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *h, &bold)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (col, c) in row.iter().enumerate() {
                let col = col as u16;
                match c {
                    Cell::Text(s) => {
                        ws.write_string(r, col, s)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, col, *n as f64)?;
                    }
                    Cell::Num(v) => {
                        ws.write_number_with_format(r, col, *v, &decimal)?;
                    }
                    Cell::Rate(v) => {
                        ws.write_number_with_format(r, col, *v, &percent)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
    }
    wb.save_to_buffer()
}

/// All tables as aligned text, for `dossier stats --format table`.
pub fn text_tables(tables: &[Table]) -> String {
    use std::fmt::Write;
    let width = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let mut out = String::new();
    for t in tables {
        let _ = writeln!(out, "== {}", t.sheet);
        let cells: Vec<Vec<String>> = std::iter::once(t.headers.iter().map(|h| h.to_string()).collect())
            .chain(t.rows.iter().map(|r| r.iter().map(plain).collect()))
            .collect();
        let cols = t.headers.len();
        let widths: Vec<usize> = (0..cols)
            .map(|i| {
                cells
                    .iter()
                    .map(|r| r.get(i).map_or(0, |s| width(s)))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in &cells {
            let mut line = String::new();
            for (i, s) in row.iter().enumerate() {
                line.push_str(s);
                line.push_str(&" ".repeat(widths[i].saturating_sub(width(s)) + 2));
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let _ = writeln!(out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting_and_keeps_numbers_plain() {
        let t = Table {
            id: "x",
            sheet: "x",
            headers: vec!["单位", "确认"],
            rows: vec![vec![Cell::Text("一所,\"东\"".into()), Cell::Int(3)]],
        };
        assert_eq!(csv(&t), "单位,确认\r\n\"一所,\"\"东\"\"\",3\r\n");
    }
}
