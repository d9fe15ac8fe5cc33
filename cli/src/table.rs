//! Reading a labelled CSV table: header row, `,` or `;` delimiter, one label column.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// A numeric table read from CSV: row-major features, one label code per row, and the label
/// names as written in the file (code `i` is `label_names[i]`).
#[derive(Debug, Clone)]
pub struct Table {
    /// Names of the feature columns, in file order (the label column removed).
    pub feature_names: Vec<String>,
    /// Row-major features, `rows * dim` values.
    pub features: Vec<f32>,
    /// Row width.
    pub dim: usize,
    /// Label code of each row; codes follow the sorted order of the label names.
    pub labels: Vec<u32>,
    /// Label names as written in the CSV, indexed by code.
    pub label_names: Vec<String>,
    /// Name of the label column.
    pub label_column: String,
}

impl Table {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.labels.len()
    }
}

/// Which byte separates fields: `;` when the header has more `;` than `,`, else `,`.
pub fn detect_delimiter(header_line: &str) -> u8 {
    let semis = header_line.matches(';').count();
    let commas = header_line.matches(',').count();
    if semis > commas { b';' } else { b',' }
}

/// Sort key for label names: numerically when every name is a number, else as text.
fn sort_label_names(names: &mut [String]) {
    if names.iter().all(|n| n.parse::<f64>().is_ok()) {
        names.sort_by(|a, b| {
            let (x, y) = (
                a.parse::<f64>().unwrap_or(0.0),
                b.parse::<f64>().unwrap_or(0.0),
            );
            x.total_cmp(&y)
        });
    } else {
        names.sort();
    }
}

/// Reads a CSV file with a header. `label` names the label column (default: the last column).
/// `skip` names columns to ignore (e.g. the `row` column that `frugal reduce` writes).
pub fn read_table(path: &Path, label: Option<&str>, skip: &[&str]) -> Result<Table> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_table(&text, label, skip).with_context(|| format!("in {}", path.display()))
}

/// Parses CSV text; see [`read_table`].
pub fn parse_table(text: &str, label: Option<&str>, skip: &[&str]) -> Result<Table> {
    let first = text.lines().next().unwrap_or("");
    if first.trim().is_empty() {
        bail!("no header row");
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(first))
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .context("cannot read the header row")?
        .iter()
        .map(str::to_string)
        .collect();
    let label_idx = match label {
        Some(name) => headers.iter().position(|h| h == name).with_context(|| {
            format!(
                "no label column named '{name}' (columns: {})",
                headers.join(", ")
            )
        })?,
        None => headers.len().checked_sub(1).context("no columns")?,
    };
    let feature_idx: Vec<usize> = (0..headers.len())
        .filter(|&i| i != label_idx && !skip.contains(&headers[i].as_str()))
        .collect();
    if feature_idx.is_empty() {
        bail!(
            "no feature columns besides the label column '{}'",
            headers[label_idx]
        );
    }

    let mut features = Vec::new();
    let mut raw_labels = Vec::new();
    for (r, record) in reader.records().enumerate() {
        let line = r + 2;
        let record = record.map_err(|e| match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => anyhow::anyhow!("line {line}: {len} fields where the header has {expected_len}"),
            _ => anyhow::anyhow!("line {line}: {e}"),
        })?;
        for &i in &feature_idx {
            let cell = &record[i];
            let v: f32 = cell.parse().map_err(|_| {
                anyhow::anyhow!(
                    "line {line}, column '{}': '{cell}' is not a number",
                    headers[i]
                )
            })?;
            if !v.is_finite() {
                bail!(
                    "line {line}, column '{}': '{cell}' is not finite",
                    headers[i]
                );
            }
            features.push(v);
        }
        let l = record[label_idx].to_string();
        if l.is_empty() {
            bail!("line {line}: empty label");
        }
        raw_labels.push(l);
    }
    if raw_labels.is_empty() {
        bail!("no data rows");
    }

    let mut names: Vec<String> = raw_labels.clone();
    names.sort();
    names.dedup();
    sort_label_names(&mut names);
    let code: BTreeMap<&str, u32> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as u32))
        .collect();
    let labels = raw_labels.iter().map(|l| code[l.as_str()]).collect();

    Ok(Table {
        feature_names: feature_idx.iter().map(|&i| headers[i].clone()).collect(),
        dim: feature_idx.len(),
        features,
        labels,
        label_names: names,
        label_column: headers[label_idx].clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_and_named_label() {
        let t = parse_table("a;y;b\n1;x;2\n3;w;4\n", Some("y"), &[]).unwrap();
        assert_eq!(t.dim, 2);
        assert_eq!(t.features, vec![1.0, 2.0, 3.0, 4.0]);
        assert_eq!(t.label_names, vec!["w", "x"]);
        assert_eq!(t.labels, vec![1, 0]);
    }

    #[test]
    fn numeric_labels_sort_numerically() {
        let t = parse_table("a,label\n1,10\n2,9\n3,10\n", None, &[]).unwrap();
        assert_eq!(t.label_names, vec!["9", "10"]);
        assert_eq!(t.labels, vec![1, 0, 1]);
    }

    #[test]
    fn bad_inputs_name_the_problem() {
        let e = parse_table("a,b\n1,2\n3\n", None, &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3"), "{e}");
        let e = parse_table("a,b\n1,2\nx,0\n", None, &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a number"), "{e}");
        let e = parse_table("a,b\n1,2\n", Some("z"), &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("no label column"), "{e}");
        let e = parse_table("a,b\n", None, &[]).unwrap_err().to_string();
        assert!(e.contains("no data rows"), "{e}");
        let e = parse_table("b\n1\n", None, &[]).unwrap_err().to_string();
        assert!(e.contains("no feature columns"), "{e}");
        let e = parse_table("a,b\nnan,1\n", None, &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("not finite"), "{e}");
    }

    #[test]
    fn skipped_columns_are_ignored() {
        let t = parse_table("row,a,label\n5,1.5,0\n", None, &["row"]).unwrap();
        assert_eq!(t.feature_names, vec!["a"]);
        assert_eq!(t.features, vec![1.5]);
    }
}
