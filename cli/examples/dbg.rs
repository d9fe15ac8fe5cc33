use frugal::forecast::*;
use predict_core::*;
fn main() {
    let data = load(
        std::path::Path::new("/work/shared/data/eat-it/all_data.csv"),
        "energy_nvidia",
    )
    .unwrap();
    let name = std::env::args().nth(1).unwrap_or("aircraft".into());
    let h = data.iter().position(|d| d.name.contains(&name)).unwrap();
    let train: Vec<&DataSet> = data
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != h)
        .map(|(_, d)| d)
        .collect();
    let p = fit_on(&train, FitConfig::default()).unwrap();
    println!("{:?}", p);
    let t = &data[h].branches[&(Mode::Quantize, 30)];
    let mut s = RunState::new(p).unwrap();
    for r in t.records() {
        if let Some(f) = s.forecast_next(r.mode) {
            if r.epoch >= 7 {
                println!(
                    "{} truth {:.4} med {:.4} mape {:.4} var {:.3} err {:.2}",
                    r.epoch,
                    r.val_accuracy,
                    f.accuracy,
                    f.accuracy_min_mape,
                    s.error_variance(),
                    (f.accuracy_min_mape - r.val_accuracy).abs() / r.val_accuracy
                );
            }
        }
        s.observe(r.epoch, r.val_accuracy, r.energy, r.mode, r.mode_since)
            .unwrap();
    }
}
