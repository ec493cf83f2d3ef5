//! One AFL++ harness for every target of `segatlas::fuzz`: the target is named by the
//! environment variable `SEGATLAS_FUZZ_TARGET` (geojson, gpkg, shapefile, geoparquet, csv, xlsx,
//! gal, gwt, project, expr, analyses). Run through `fuzz/run.sh`.

fn main() {
    let target = std::env::var("SEGATLAS_FUZZ_TARGET").unwrap_or_default();
    if !segatlas::fuzz::TARGETS.contains(&target.as_str()) {
        eprintln!(
            "set SEGATLAS_FUZZ_TARGET to one of {}",
            segatlas::fuzz::TARGETS.join(", ")
        );
        std::process::exit(2);
    }
    // Without afl's abort-on-any-panic hook, so that `segatlas::work::guarded` can turn a
    // third-party decoder's panic into an error; any other panic still aborts (a finding).
    segatlas::work::install_panic_hook();
    afl::fuzz_nohook!(|data: &[u8]| {
        segatlas::fuzz::run(&target, data);
    });
}
