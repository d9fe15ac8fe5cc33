//! The validated data views `topo_core::Points` and `topo_core::LabelledPoints`: construction
//! succeeds exactly when the documented rules hold, the error names the first rule broken, and
//! the accessors agree with the raw slice.
#![no_main]

use frugal_fuzz::{Input, check, limits};
use libfuzzer_sys::fuzz_target;
use topo_core::{Error, LabelledPoints, Points};

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let dim = input.below(limits::MAX_DIM + 2);
    let len = input.below(4 * limits::MAX_ROWS + 1);
    let mode = input.value_mode();
    let data: Vec<f32> = (0..len).map(|_| input.value(mode)).collect();

    let expected = if dim == 0 {
        Err(Error::ZeroDim)
    } else if data.is_empty() {
        Err(Error::Empty)
    } else if data.len() % dim != 0 {
        Err(Error::Ragged { len, dim })
    } else if let Some(i) = data.iter().position(|v| !v.is_finite()) {
        Err(Error::NonFinite {
            row: i / dim,
            col: i % dim,
        })
    } else {
        Ok(())
    };
    let points = Points::new(&data, dim);
    assert_eq!(
        points.as_ref().map(|_| ()).map_err(Clone::clone),
        expected,
        "Points::new on len {len}, dim {dim}"
    );
    let Ok(points) = points else { return };

    let rows = len / dim;
    assert_eq!(points.len(), rows);
    assert_eq!(points.dim(), dim);
    assert!(!points.is_empty());
    assert_eq!(points.as_slice(), &data[..]);
    assert_eq!(points.rows().count(), rows);
    for (i, r) in points.rows().enumerate() {
        assert_eq!(points.get(i), Some(r));
        assert_eq!(points.row(i), &data[i * dim..(i + 1) * dim]);
    }
    assert_eq!(points.get(rows), None);
    assert_eq!(points.get(usize::MAX), None);

    // Labels: usually one per row, sometimes a wrong count.
    let n_labels = if input.bool() {
        rows
    } else {
        input.below(limits::MAX_ROWS * 4 + 1)
    };
    let labels = input.labels(n_labels);
    let set = LabelledPoints::from_points(points, &labels);
    if n_labels != rows {
        assert_eq!(
            set,
            Err(Error::LabelsMismatch {
                rows,
                labels: n_labels
            })
        );
        return;
    }
    let set = set.expect("one label per row must be accepted");
    assert_eq!(LabelledPoints::new(&data, dim, &labels), Ok(set));
    assert_eq!(set.len(), rows);
    assert_eq!(set.dim(), dim);
    assert_eq!(set.labels(), &labels[..]);

    // classes() is strictly ascending; class_rows() partitions the rows.
    let classes = set.classes();
    for w in classes.windows(2) {
        assert!(w[0] < w[1], "classes not strictly ascending: {w:?}");
    }
    let mut seen = vec![false; rows];
    for &c in &classes {
        let members = set.class_rows(c);
        assert!(!members.is_empty(), "class {c} has no rows");
        check::sorted_unique_in_range(&members, rows, "class_rows");
        for &i in &members {
            assert_eq!(labels[i], c);
            assert!(!seen[i], "row {i} in two classes");
            seen[i] = true;
        }
    }
    assert!(seen.iter().all(|&s| s), "some row is in no class");
    let absent = (0..=u32::MAX).find(|l| !classes.contains(l)).unwrap_or(0);
    if !classes.contains(&absent) {
        assert!(set.class_rows(absent).is_empty());
    }
});
