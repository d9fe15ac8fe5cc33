//! The CLI's CSV reader `frugal::table::parse_table` on arbitrary text, label-column names and
//! skipped columns: an error or a table whose parts agree (one label per row, `dim` finite values
//! per row, label codes in range, label names distinct and sorted as documented).
#![no_main]

use frugal_fuzz::Input;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let flags = input.u8();
    let name_len = input.below(8);
    let name: String = (0..name_len)
        .map(|_| char::from(input.u8() & 0x7f))
        .collect();
    let text = String::from_utf8_lossy(input.rest());

    let label = (flags & 1 == 1).then_some(name.as_str());
    let skip: &[&str] = match flags >> 1 & 3 {
        0 => &[],
        1 => &["row"],
        2 => &[name.as_str()],
        _ => &["row", "label"],
    };
    let Ok(table) = frugal::table::parse_table(&text, label, skip) else {
        return;
    };

    let rows = table.rows();
    assert!(rows > 0, "a table without rows was accepted");
    assert!(
        table.dim > 0,
        "a table without feature columns was accepted"
    );
    assert_eq!(table.feature_names.len(), table.dim);
    assert_eq!(table.features.len(), rows * table.dim);
    assert!(table.features.iter().all(|v| v.is_finite()));
    for s in skip {
        if label != Some(s) {
            assert!(
                !table.feature_names.iter().any(|f| f == s),
                "skipped column {s} kept"
            );
        }
    }
    if let Some(l) = label {
        assert_eq!(table.label_column, l);
    }

    // Every code names a label, every label is used, names are distinct.
    let mut used = vec![false; table.label_names.len()];
    for &code in &table.labels {
        let slot = used
            .get_mut(code as usize)
            .expect("label code out of range");
        *slot = true;
    }
    assert!(used.iter().all(|&u| u), "a label name no row uses");
    let numeric: Option<Vec<f64>> = table.label_names.iter().map(|n| n.parse().ok()).collect();
    match numeric {
        Some(values) => {
            for w in values.windows(2) {
                assert!(w[0].total_cmp(&w[1]).is_le(), "numeric labels out of order");
            }
            let mut names = table.label_names.clone();
            names.sort();
            names.dedup();
            assert_eq!(
                names.len(),
                table.label_names.len(),
                "duplicate label names"
            );
        }
        None => {
            for w in table.label_names.windows(2) {
                assert!(w[0] < w[1], "label names not strictly ascending: {w:?}");
            }
        }
    }
});
