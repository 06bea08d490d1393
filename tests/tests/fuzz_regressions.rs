//! The fuzz targets (`ote_tests::fuzz`) on every test run: each input a fuzz run kept because it
//! crashed a target runs through it again, and each target is fuzzed for a few seconds from its
//! seeds. Neither may panic, abort or hang.

use std::process::Command;

use ote_tests::fuzz::{Target, regressions};

#[test]
fn every_input_that_once_crashed_a_target_now_runs_through_it() {
    for target in Target::ALL {
        let Ok(entries) = std::fs::read_dir(regressions(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let input = std::fs::read(&path).unwrap();
            // A panic fails this test; an abort or a stack overflow fails the whole binary.
            target.run(&input);
        }
    }
}

#[test]
fn each_target_runs_clean_for_a_few_seconds() {
    for target in Target::ALL {
        let out = Command::new(env!("CARGO_BIN_EXE_fuzz"))
            .args(["--target", target.name(), "--seconds", "3", "--seed", "7"])
            .output()
            .expect("the fuzzer runs");
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {report}", target.name());
        assert!(report.contains("fallas: 0"), "{report}");
        let execs: u64 = report
            .split_whitespace()
            .nth(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(
            execs > 10,
            "{}: too few executions: {report}",
            target.name()
        );
    }
}
