//! `frugal reduce DATA.csv --method NAME --ratio R [--seed S] [--label NAME] [-o OUT.csv]`:
//! reduces a labelled CSV data set with one method and writes the reduced rows.
//!
//! Output: the input's header with a first column `row` added, then the kept rows exactly as
//! they appear in the input, in ascending row order. `row` is the 0-based data row (the first
//! line after the header is row 0); when the input already has a `row` column (the output of an
//! earlier reduction) its values are carried over instead, so chained reductions keep the
//! original numbering. CLC synthesizes points: each centroid is written with an empty `row`,
//! its coordinates in the feature columns and its class in the label column (other columns,
//! if any, empty). Written to OUT.csv, or to standard output without `-o`; a one-line summary
//! goes to standard error.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use reduce_core::{Budget, LabelledPoints, Reduced, SeededRng, method_by_name};

use crate::table::{detect_delimiter, parse_table};

/// Arguments of `frugal reduce`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Labelled CSV data set (header row; `,` or `;` separated).
    pub data: PathBuf,
    /// Method: SRS, CLC, MMS, DES, DOM, PHL, NRMD, PSA, PRD or FES (case-insensitive).
    #[arg(long)]
    pub method: String,
    /// Fraction of each class to keep, in (0, 1].
    #[arg(long)]
    pub ratio: f64,
    /// Seed of the random generator (same seed, same output).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Name of the label column (default: the last column).
    #[arg(long)]
    pub label: Option<String>,
    /// Output CSV file (default: standard output).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<()> {
    let text = std::fs::read_to_string(&args.data)
        .with_context(|| format!("cannot read {}", args.data.display()))?;
    let mut out: Vec<u8> = Vec::new();
    let summary = reduce_text(&text, &args, &mut out)
        .with_context(|| format!("in {}", args.data.display()))?;
    match &args.output {
        Some(path) => std::fs::write(path, &out)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().write_all(&out)?,
    }
    eprintln!("{summary}");
    Ok(())
}

/// Reduces CSV `text` as `args` says, writing the output CSV to `out`; returns a summary line.
pub fn reduce_text(text: &str, args: &Args, out: &mut Vec<u8>) -> Result<String> {
    let method = method_by_name(&args.method)?;
    let table = parse_table(text, args.label.as_deref(), &["row"])?;
    let data = LabelledPoints::new(&table.features, table.dim, &table.labels)?;
    let reduced = method.reduce(
        data,
        Budget::Ratio(args.ratio),
        &mut SeededRng::new(args.seed),
    )?;

    let first = text.lines().next().unwrap_or("");
    let delim = detect_delimiter(first);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let old_row = headers.iter().position(|h| h == "row");
    let mut writer = csv::WriterBuilder::new().delimiter(delim).from_writer(out);
    let header_out: Vec<&str> = std::iter::once("row")
        .chain(
            headers
                .iter()
                .enumerate()
                .filter(|&(i, _)| Some(i) != old_row)
                .map(|(_, h)| h.as_str()),
        )
        .collect();
    writer.write_record(&header_out)?;

    let summary = match &reduced {
        Reduced::Selection(sel) => {
            let mut keep = sel.indices.iter().peekable();
            for (r, record) in reader.records().enumerate() {
                let record = record?;
                if keep.peek() != Some(&&r) {
                    continue;
                }
                keep.next();
                let number = match old_row {
                    Some(c) => record.get(c).unwrap_or("").to_string(),
                    None => r.to_string(),
                };
                let cells = std::iter::once(number.as_str()).chain(
                    record
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| Some(i) != old_row)
                        .map(|(_, v)| v),
                );
                writer.write_record(cells)?;
            }
            if keep.next().is_some() {
                bail!("internal error: a selected row is missing from the file");
            }
            format!(
                "{}: kept {} of {} rows",
                method.name(),
                sel.indices.len(),
                table.rows()
            )
        }
        Reduced::Synthesized(syn) => {
            let label_col = headers
                .iter()
                .position(|h| *h == table.label_column)
                .context("label column vanished")?;
            for (p, &l) in syn.points.chunks(syn.dim).zip(&syn.labels) {
                let mut values = p.iter();
                let mut cells = vec![String::new()];
                for (i, h) in headers.iter().enumerate() {
                    if Some(i) == old_row {
                        continue;
                    }
                    if i == label_col {
                        cells.push(
                            table
                                .label_names
                                .get(l as usize)
                                .cloned()
                                .unwrap_or_default(),
                        );
                    } else if table.feature_names.contains(h) {
                        cells.push(values.next().map(|v| v.to_string()).unwrap_or_default());
                    } else {
                        cells.push(String::new());
                    }
                }
                writer.write_record(&cells)?;
            }
            format!(
                "{}: {} synthesized centroids from {} rows",
                method.name(),
                syn.labels.len(),
                table.rows()
            )
        }
    };
    writer.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(method: &str, ratio: f64) -> Args {
        Args {
            data: PathBuf::new(),
            method: method.into(),
            ratio,
            seed: 1,
            label: None,
            output: None,
        }
    }

    #[test]
    fn writes_kept_rows_with_their_numbers() {
        let text = "a;b;label\n0;0;x\n10;0;x\n5;0;x\n0;1;y\n9;1;y\n";
        let mut out = Vec::new();
        let s = reduce_text(text, &args("mms", 0.5), &mut out).unwrap();
        assert!(s.contains("kept 3 of 5"), "{s}");
        // Budget: round(0.5 * 5) = 3 rows, shared 2 (class x, quota 1.8) and 1 (y, quota 1.2).
        // MMS starts at each class's first row; x then adds its farthest row, 1 (a = 10).
        let got = String::from_utf8(out).unwrap();
        assert_eq!(got, "row;a;b;label\n0;0;0;x\n1;10;0;x\n3;0;1;y\n");
    }

    #[test]
    fn chained_reduction_keeps_original_numbers() {
        let text = "row,a,label\n7,0,0\n9,1,0\n12,5,0\n";
        let mut out = Vec::new();
        reduce_text(text, &args("MMS", 0.67), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "row,a,label\n7,0,0\n12,5,0\n"
        );
    }

    #[test]
    fn clc_writes_centroids_with_an_empty_row() {
        let text = "a,label\n0,p\n2,p\n";
        let mut out = Vec::new();
        reduce_text(text, &args("clc", 0.5), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "row,a,label\n,1,p\n");
    }

    #[test]
    fn errors_are_reported() {
        let text = "a,label\n0,p\n2,p\n";
        let mut out = Vec::new();
        let e = reduce_text(text, &args("nope", 0.5), &mut out).unwrap_err();
        assert!(e.to_string().contains("unknown method"), "{e}");
        let e = reduce_text(text, &args("srs", 1.5), &mut out).unwrap_err();
        assert!(e.to_string().contains("outside"), "{e}");
        let e = reduce_text(text, &args("fes", 0.5), &mut out).unwrap_err();
        assert!(e.to_string().contains("forgetting"), "{e}");
    }
}
