//! The `drillsim` binary: everything lives in the library; this only hands over the exit code.

/// mimalloc: replicates allocate many small, short-lived values (reports, event payloads);
/// it runs a county replicate a few per cent faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    drillsim::cli::main()
}
