//! A transfer file (CSV or JSON Lines) through the same reader as `ftzroute ledger import`:
//! any input may be refused, none may panic. The first byte chooses the format the way a file
//! name would, so both parsers are reached from any seed.

#![no_main]

use ftzroute::core::ledger::read::read_transfers;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (name, body) = match data.split_first() {
        Some((b'j', rest)) => ("fuzz.jsonl", rest),
        Some((b'c', rest)) => ("fuzz.csv", rest),
        // Any other first byte: no extension, the reader sniffs the content.
        _ => ("fuzz", data),
    };
    let mut rows = 0u64;
    let result = read_transfers(Path::new(name), body, &mut |row| {
        rows += 1;
        // What the import does next with a row: name a field in an error, and look at every
        // value.
        let _ = row.error(Path::new(name), ftzroute::core::ledger::read::Field::Export, "x");
        let _ = (row.person.len(), row.export.len(), row.date, row.basis, row.recipient);
        Ok(())
    });
    match result {
        Ok(read) => assert_eq!(read.rows, rows, "every row handed over is counted"),
        // Messages point at a line and column; rendering them must not panic either.
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
