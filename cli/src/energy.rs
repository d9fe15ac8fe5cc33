//! What a training run cost: wall time, CPU time of the calling thread, and energy from Linux
//! RAPL counters when the machine exposes them.
//!
//! * Energy: `/sys/class/powercap/intel-rapl:N/energy_uj`, one counter per CPU package (the
//!   sub-domains `intel-rapl:N:M` are parts of a package and are not added again). Each counter
//!   wraps at its `max_energy_range_uj`; a reading lower than the previous one means one wrap.
//!   The counters measure the whole package, so a measurement window is only attributable to one
//!   job when nothing else runs (the demo runs its jobs one at a time when energy is available).
//! * CPU time: `/proc/thread-self/schedstat` (nanoseconds on CPU), else the `utime + stime`
//!   ticks of `/proc/thread-self/stat` (USER_HZ = 100 on Linux); `None` elsewhere. Read without
//!   `unsafe` or libc, and per thread, so concurrent jobs on other threads are not counted.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One RAPL package counter.
#[derive(Debug, Clone, PartialEq)]
struct RaplDomain {
    energy_file: PathBuf,
    max_range_uj: u64,
}

/// Reads package energy from RAPL counters.
#[derive(Debug, Clone, PartialEq)]
pub struct EnergyMeter {
    domains: Vec<RaplDomain>,
}

fn read_u64(path: &Path) -> Option<u64> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// Energy used between two readings of a counter that wraps at `max_range_uj`, assuming at
/// most one wrap in between (at a few hundred watts a 2^32 µJ counter wraps every few minutes,
/// and the demo reads it at least once per training run).
pub fn counter_delta(start: u64, end: u64, max_range_uj: u64) -> u64 {
    if end >= start {
        end - start
    } else {
        max_range_uj.saturating_sub(start).saturating_add(end)
    }
}

impl EnergyMeter {
    /// The package counters under `/sys/class/powercap`, or `None` when there are none or they
    /// cannot be read (they are often root-only).
    pub fn detect() -> Option<EnergyMeter> {
        Self::detect_in(Path::new("/sys/class/powercap"))
    }

    /// As [`EnergyMeter::detect`], under another root (for tests).
    pub fn detect_in(root: &Path) -> Option<EnergyMeter> {
        let mut domains = Vec::new();
        for entry in fs::read_dir(root).ok()?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // Packages are `intel-rapl:N`; `intel-rapl:N:M` are their parts.
            let Some(rest) = name.strip_prefix("intel-rapl:") else {
                continue;
            };
            if rest.contains(':') {
                continue;
            }
            let dir = entry.path();
            let energy_file = dir.join("energy_uj");
            let Some(max_range_uj) = read_u64(&dir.join("max_energy_range_uj")) else {
                continue;
            };
            if read_u64(&energy_file).is_some() {
                domains.push(RaplDomain {
                    energy_file,
                    max_range_uj,
                });
            }
        }
        domains.sort_by(|a, b| a.energy_file.cmp(&b.energy_file));
        (!domains.is_empty()).then_some(EnergyMeter { domains })
    }

    /// Current counter values, one per package.
    pub fn read(&self) -> Option<Vec<u64>> {
        self.domains
            .iter()
            .map(|d| read_u64(&d.energy_file))
            .collect()
    }

    /// Joules used between two readings of [`EnergyMeter::read`].
    pub fn joules_between(&self, start: &[u64], end: &[u64]) -> Option<f64> {
        if start.len() != self.domains.len() || end.len() != self.domains.len() {
            return None;
        }
        let uj: u64 = self
            .domains
            .iter()
            .zip(start.iter().zip(end))
            .map(|(d, (&s, &e))| counter_delta(s, e, d.max_range_uj))
            .sum();
        Some(uj as f64 * 1e-6)
    }
}

/// CPU time the calling thread has used so far, or `None` where it cannot be read.
pub fn thread_cpu_time() -> Option<Duration> {
    // Some kernels report zeros when scheduler statistics are off: use stat then.
    if let Ok(s) = fs::read_to_string("/proc/thread-self/schedstat")
        && let Some(ns) = s
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<u64>().ok())
        && ns > 0
    {
        return Some(Duration::from_nanos(ns));
    }
    let stat = fs::read_to_string("/proc/thread-self/stat").ok()?;
    parse_stat_cpu_ticks(&stat).map(|ticks| Duration::from_millis(ticks.saturating_mul(10)))
}

/// `utime + stime` (fields 14 and 15) from a `/proc/.../stat` line. The command name (field 2)
/// may contain spaces and parentheses, so fields are counted after its last `)`.
pub fn parse_stat_cpu_ticks(stat: &str) -> Option<u64> {
    let after = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the name, field 3 (state) is index 0, so utime (14) is index 11 and stime index 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime.saturating_add(stime))
}

/// What one measured piece of work cost.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cost {
    /// Wall-clock time.
    pub wall: Duration,
    /// CPU time of the measuring thread, if readable.
    pub cpu: Option<Duration>,
    /// Package energy in joules during the window, if RAPL is readable.
    pub joules: Option<f64>,
}

impl Cost {
    /// The cost of two pieces of work together (a field is known only if known for both).
    pub fn plus(&self, other: &Cost) -> Cost {
        Cost {
            wall: self.wall + other.wall,
            cpu: self.cpu.zip(other.cpu).map(|(a, b)| a + b),
            joules: self.joules.zip(other.joules).map(|(a, b)| a + b),
        }
    }
}

/// Measures the cost of the work done on this thread between [`Stopwatch::start`] and
/// [`Stopwatch::stop`].
#[derive(Debug)]
pub struct Stopwatch<'a> {
    meter: Option<&'a EnergyMeter>,
    wall: Instant,
    cpu: Option<Duration>,
    energy: Option<Vec<u64>>,
}

impl<'a> Stopwatch<'a> {
    /// Starts measuring; `meter` adds energy.
    pub fn start(meter: Option<&'a EnergyMeter>) -> Self {
        Stopwatch {
            energy: meter.and_then(EnergyMeter::read),
            cpu: thread_cpu_time(),
            wall: Instant::now(),
            meter,
        }
    }

    /// The cost so far (the stopwatch keeps running).
    pub fn stop(&self) -> Cost {
        let wall = self.wall.elapsed();
        let cpu = match (self.cpu, thread_cpu_time()) {
            (Some(a), Some(b)) => Some(b.saturating_sub(a)),
            _ => None,
        };
        let joules = match (self.meter, &self.energy) {
            (Some(m), Some(start)) => m.read().and_then(|end| m.joules_between(start, &end)),
            _ => None,
        };
        Cost { wall, cpu, joules }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_delta_handles_one_wrap() {
        assert_eq!(counter_delta(100, 250, 1000), 150);
        // 900 -> 1000 (wrap to 0) -> 50: 100 + 50.
        assert_eq!(counter_delta(900, 50, 1000), 150);
    }

    #[test]
    fn stat_parsing_survives_odd_command_names() {
        let line = "123 (a) b (c) R 1 2 3 4 5 6 7 8 9 10 42 8 0 0 20";
        assert_eq!(parse_stat_cpu_ticks(line), Some(50));
        assert_eq!(parse_stat_cpu_ticks("garbage"), None);
    }

    #[test]
    fn detects_package_domains_only_and_measures_with_wrap() {
        let root = std::env::temp_dir().join(format!("frugal-rapl-{}", std::process::id()));
        let pkg = root.join("intel-rapl:0");
        let sub = root.join("intel-rapl:0:0");
        fs::create_dir_all(&pkg).unwrap();
        fs::create_dir_all(&sub).unwrap();
        for dir in [&pkg, &sub] {
            fs::write(dir.join("energy_uj"), "999000000\n").unwrap();
            fs::write(dir.join("max_energy_range_uj"), "1000000000\n").unwrap();
        }
        let meter = EnergyMeter::detect_in(&root).unwrap();
        assert_eq!(meter.domains.len(), 1);
        let start = meter.read().unwrap();
        fs::write(pkg.join("energy_uj"), "2000000\n").unwrap();
        let end = meter.read().unwrap();
        // 1 J to the wrap, then 2 J.
        assert!((meter.joules_between(&start, &end).unwrap() - 3.0).abs() < 1e-9);
        fs::remove_dir_all(&root).unwrap();
        assert!(EnergyMeter::detect_in(&root).is_none());
    }

    #[test]
    fn thread_cpu_time_grows_with_work() {
        let Some(a) = thread_cpu_time() else {
            eprintln!("skipped: no per-thread CPU time on this system");
            return;
        };
        let mut x = 0_u64;
        let t = Instant::now();
        while t.elapsed() < Duration::from_millis(50) {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        }
        std::hint::black_box(x);
        let b = thread_cpu_time().unwrap();
        assert!(b > a, "{a:?} -> {b:?}");
    }
}
