//! Benchmark of `trackplan validate --listen`: events per second the collector checks when
//! clients post gzip `/v1/batch` bodies over loopback HTTP. The same ~320-byte Segment track lines
//! as `benches/validate.rs` ([`synth::track_lines`], one in 100 invalid, a 1,000-event plan),
//! cut into batches of 500 and gzip-compressed once up front; client threads post them on
//! keep-alive connections to a collector started in this process. Run with `cargo bench --bench
//! collector`; it prints the median of several runs and checks that the counts are exact.
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does one quick smoke run.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use trackplan::parse::EmbeddedFs;
use trackplan::synth;
use trackplan::validate::collector::{Collector, Limits};
use trackplan::validate::compile::Checker;

fn checker(events: usize) -> Checker {
    let fs = EmbeddedFs::new(
        synth::message_plan_files(events)
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes())),
    );
    let (workspace, diagnostics) = trackplan::check(&fs, Path::new(synth::ROOT));
    assert!(diagnostics.is_empty(), "the synthetic plan is clean");
    let plan = workspace.plan.expect("the synthetic plan loads");
    Checker::compile(&plan, false)
}

/// Gzip bodies of `{"batch": [...]}` with `per` lines each.
fn bodies(text: &[u8], per: usize) -> Vec<Vec<u8>> {
    let lines: Vec<&[u8]> = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    lines
        .chunks(per)
        .map(|chunk| {
            let mut json = b"{\"batch\":[".to_vec();
            for (i, l) in chunk.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                json.extend_from_slice(l);
            }
            json.extend_from_slice(b"]}");
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&json).expect("compresses");
            gz.finish().expect("compresses")
        })
        .collect()
}

/// Posts `bodies` on one keep-alive connection, reading each answer.
fn client(addr: SocketAddr, bodies: &[Vec<u8>]) {
    let stream = TcpStream::connect(addr).expect("connects");
    stream.set_nodelay(true).expect("nodelay");
    let mut reader = BufReader::new(stream.try_clone().expect("clones the stream"));
    let mut writer = stream;
    for body in bodies {
        let head = format!(
            "POST /v1/batch HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        writer.write_all(head.as_bytes()).expect("writes");
        writer.write_all(body).expect("writes");
        let mut line = String::new();
        reader.read_line(&mut line).expect("reads the status");
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        let mut length = 0usize;
        loop {
            line.clear();
            reader.read_line(&mut line).expect("reads a header");
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().expect("a length");
            }
        }
        let mut answer = vec![0; length];
        reader.read_exact(&mut answer).expect("reads the answer");
    }
}

/// One run: a fresh collector, `clients` threads posting their share; the time from the first
/// request to the last answer.
fn run(
    checker: &Checker,
    bodies: &[Vec<u8>],
    clients: usize,
    workers: usize,
    lines: usize,
    invalid: usize,
) -> Duration {
    let collector = Collector::bind(
        "127.0.0.1:0".parse().expect("an address"),
        checker,
        workers,
        Limits::default(),
    )
    .expect("binds");
    let addr = collector.local_addr().expect("an IP address");
    let per = bodies.len().div_ceil(clients);
    let report = |_: &trackplan::validate::Tally| Vec::new();
    let (elapsed, tally) = std::thread::scope(|s| {
        let server = s.spawn(|| collector.serve(&report));
        let start = Instant::now();
        let senders: Vec<_> = bodies
            .chunks(per)
            .map(|share| s.spawn(move || client(addr, share)))
            .collect();
        for c in senders {
            c.join().expect("a client");
        }
        let elapsed = start.elapsed();
        collector.stop();
        (elapsed, server.join().expect("the server"))
    });
    assert_eq!(tally.read as usize, lines);
    assert_eq!(tally.invalid as usize, invalid);
    elapsed
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (events, lines, runs) = if bench {
        (1_000, 500_000, 5)
    } else {
        (50, 2_000, 1)
    };
    let mut text = Vec::new();
    let invalid = synth::track_lines(&mut text, events, lines, 100).expect("writes the input");
    let bodies = bodies(&text, 500);
    let compressed: usize = bodies.iter().map(Vec::len).sum();
    let checker = checker(events);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if !bench {
        run(&checker, &bodies, 2, 4, lines, invalid);
        eprintln!(
            "bench collector: smoke run of {lines} messages ok (run `cargo bench --bench collector` to measure)"
        );
        return;
    }
    println!(
        "{lines} track messages ({} bytes a line, {invalid} invalid) in {} gzip batches of 500 ({:.1} MB compressed, {:.1} MB JSON), against a {events}-event plan, {cores} cores",
        text.len() / lines,
        bodies.len(),
        compressed as f64 / 1e6,
        text.len() as f64 / 1e6
    );
    for (clients, workers) in [(2, cores), (4, 4), (8, 4)] {
        run(&checker, &bodies, clients, workers, lines, invalid); // warm-up
        let times: Vec<Duration> = (0..runs)
            .map(|_| run(&checker, &bodies, clients, workers, lines, invalid))
            .collect();
        let mut sorted = times;
        sorted.sort();
        let m = sorted[sorted.len() / 2].as_secs_f64();
        println!(
            "{clients} client threads, {workers} collector workers: {m:.3} s, {:.0} events/s",
            lines as f64 / m
        );
    }
}
