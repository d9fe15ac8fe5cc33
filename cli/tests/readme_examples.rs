//! The code examples of the top-level README.md, kept here so that they compile and run.
//! Change both together.

fn reduce_example() -> Result<(), Box<dyn std::error::Error>> {
    use reduce_core::{Budget, LabelledPoints, Reduced, SeededRng, method_by_name};

    let features = [
        0.0_f32, 0.0, 0.1, 0.0, 5.0, 5.0, 5.1, 5.0, 9.0, 9.0, 9.1, 9.0,
    ];
    let labels = [0_u32, 0, 0, 1, 1, 1];
    let data = LabelledPoints::new(&features, 2, &labels)?;
    let mms = method_by_name("MMS")?;
    let reduced = mms.reduce(data, Budget::Ratio(0.5), &mut SeededRng::new(42))?;
    if let Reduced::Selection(sel) = reduced {
        println!("kept rows {:?}", sel.indices); // sorted indices into `features`
    }
    Ok(())
}

fn topo_example() -> Result<(), topo_core::Error> {
    use topo_core::{
        LabelledPoints, Norm, Points, RipsParams, bottleneck, epsilon_representativeness,
        rips_diagrams,
    };

    // H0 and H1 of four points on a square: one loop, born at 1, dead at sqrt(2).
    let square = [0.0_f32, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    let dgms = rips_diagrams(Points::new(&square, 2)?, &RipsParams::default())?;
    assert_eq!(dgms[1].len(), 1);

    // How far is a reduced set from the full one, and how far apart are their diagrams?
    let full = LabelledPoints::new(&square, 2, &[0, 0, 0, 0])?;
    let reduced = LabelledPoints::new(&square[..4], 2, &[0, 0])?;
    let eps = epsilon_representativeness(&full, &reduced, Norm::Chebyshev)?;
    assert_eq!(eps.epsilon, 1.0);
    let d = bottleneck(&dgms[0], &dgms[0])?;
    assert_eq!(d, 0.0);
    Ok(())
}

fn predict_example() -> Result<(), predict_core::Error> {
    use predict_core::{Advice, Advisor};

    let mut advisor = Advisor::continue_or_stop(200)?; // no training data needed
    for epoch in 1..=200 {
        let val_acc = 0.9 - 0.5 / epoch as f64; // from your validation step
        let energy = 12.5; // joules (any unit) of this epoch
        if advisor.observe(epoch, val_acc, energy)? == Advice::Stop {
            println!("stop after epoch {epoch}");
            break;
        }
    }
    Ok(())
}

#[test]
fn readme_reduce_example() {
    reduce_example().unwrap();
}

#[test]
fn readme_topo_example() {
    topo_example().unwrap();
}

#[test]
fn readme_predict_example() {
    predict_example().unwrap();
}
