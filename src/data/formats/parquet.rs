//! Parquet, read with polars: a plain table of statistics, or GeoParquet boundaries when the
//! file carries `geo` metadata (WKB geometry column; CRS from its PROJJSON, WGS 84 by default).

use crate::data::crs::{Crs, WGS84};
use crate::data::formats::wkb;
use crate::data::layer::{Layer, RawFeature};
use crate::data::table::{Column, Table};
use crate::error::{Error, Place, Result};
use polars::prelude::{DataType, ParquetReader, SerReader};
use std::path::Path;

/// A Parquet file as what it holds.
pub enum Parquet {
    Layer(Box<Layer>),
    Table(Table),
}

/// Read a Parquet or GeoParquet file.
pub fn read(path: &Path) -> Result<Parquet> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    parse(path, bytes)
}

/// Parse Parquet bytes that came from `path` (or are bundled under that name).
pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<Parquet> {
    super::parquet_footer::check(&bytes)
        .map_err(|e| Error::in_file(path, format!("not a readable Parquet file: {e}")))?;
    let file = std::io::Cursor::new(&bytes[..]);
    let pl_err = |e: polars::prelude::PolarsError| {
        Error::in_file(path, format!("not a readable Parquet file: {e}"))
    };
    // polars panics on some malformed metadata (found by fuzzing): that is an unreadable file.
    let broken = || {
        Error::in_file(
            path,
            "not a readable Parquet file: its metadata is malformed",
        )
    };
    let mut reader = ParquetReader::new(file);
    let mut meta = crate::work::guarded(|| reader.get_metadata().map(|m| (**m).clone()))
        .ok_or_else(broken)?
        .map_err(pl_err)?;
    let geo_meta: Option<serde_json::Value> = meta
        .key_value_metadata()
        .as_ref()
        .and_then(|kv| kv.iter().find(|k| k.key == "geo"))
        .and_then(|k| k.value.as_deref())
        .and_then(|v| serde_json::from_str(v).ok());
    // The embedded Arrow schema may declare GeoArrow extension types (`geoarrow.wkb`) that polars
    // cannot hold; without it the geometry is read as the plain binary WKB that it is.
    if let Some(kv) = meta.key_value_metadata.as_mut() {
        kv.retain(|k| k.key != "ARROW:schema");
    }
    let chunks: Vec<(std::ops::Range<u64>, i64)> = crate::work::guarded(|| {
        meta.row_groups
            .iter()
            .flat_map(|g| g.parquet_columns().iter())
            .map(|c| (c.byte_range(), c.num_values()))
            .collect()
    })
    .ok_or_else(broken)?;
    super::parquet_footer::check_pages(&bytes, &chunks)
        .map_err(|e| Error::in_file(path, format!("not a readable Parquet file: {e}")))?;
    reader.set_metadata(std::sync::Arc::new(meta));
    let df = crate::work::guarded(|| reader.finish())
        .ok_or_else(broken)?
        .map_err(pl_err)?;
    let geom_col = geo_meta.as_ref().and_then(|g| {
        g.get("primary_column")
            .and_then(|c| c.as_str())
            .map(str::to_string)
    });
    let mut columns = Vec::new();
    let mut notes = Vec::new();
    let mut geometries: Option<Vec<RawFeature>> = None;
    for col in df.columns() {
        let name = col.name().to_string();
        let s = col.as_materialized_series();
        if Some(&name) == geom_col.as_ref() {
            let bin = s.binary().map_err(|_| {
                Error::in_file(path, format!("geometry column '{name}' is not WKB"))
            })?;
            let mut raw = Vec::with_capacity(bin.len());
            for (i, b) in bin.iter().enumerate() {
                raw.push(match b {
                    None => RawFeature {
                        geometry: None,
                        declared_type: "None",
                    },
                    Some(b) => {
                        let (g, t) = wkb::areal(b)
                            .map_err(|m| Error::in_file(path, m).at(Place::Feature(i + 1)))?;
                        RawFeature {
                            geometry: Some(g),
                            declared_type: t,
                        }
                    }
                });
            }
            geometries = Some(raw);
            continue;
        }
        match s.dtype() {
            DataType::String => {
                let v = s.str().map_err(pl_err)?;
                columns.push(Column::text(
                    name,
                    v.iter().map(|x| x.map(str::to_string)).collect(),
                ));
            }
            dt if dt.is_primitive_numeric() || dt.is_bool() => {
                let f = s.cast(&DataType::Float64).map_err(pl_err)?;
                let v = f.f64().map_err(pl_err)?;
                columns.push(Column::number(name, v.iter().collect()));
            }
            other => notes.push(crate::data::read_note::ReadNote::NotRead {
                column: name.to_string(),
                kind: other.to_string(),
            }),
        }
    }
    let mut table = Table::new(columns).map_err(|e| e.with_file(path))?;
    table.notes = notes;
    match geometries {
        None => Ok(Parquet::Table(table)),
        Some(raw) => {
            let crs = geo_meta
                .as_ref()
                .and_then(|g| {
                    g.get("columns")?
                        .get(geom_col.as_deref()?)?
                        .get("crs")
                        .cloned()
                })
                .map_or(Ok(Crs::Epsg(WGS84)), |c| projjson_crs(&c))
                .map_err(|e| e.with_file(path))?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Layer::build(path, name, crs, raw, table, vec![]).map(|l| Parquet::Layer(Box::new(l)))
        }
    }
}

/// The EPSG code of a GeoParquet PROJJSON CRS (`"id": {"authority": "EPSG", "code": 4326}`);
/// `null` means an undefined (planar) CRS.
fn projjson_crs(c: &serde_json::Value) -> Result<Crs> {
    if c.is_null() {
        return Ok(Crs::Planar);
    }
    if let Some(s) = c.as_str() {
        return Crs::from_name(s);
    }
    let id = c.get("id");
    match (
        id.and_then(|i| i.get("authority")).and_then(|a| a.as_str()),
        id.and_then(|i| i.get("code")).and_then(|a| a.as_u64()),
    ) {
        (Some(a), Some(code)) if a.eq_ignore_ascii_case("EPSG") => Crs::from_epsg(code as u32),
        _ => Err(Error::input("the GeoParquet CRS has no EPSG identifier")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_metadata_is_an_error_not_a_panic() {
        // polars panicked ("thrift bool field") on some damaged footers (found by fuzzing):
        // every byte of a real footer changed three ways gives a result, never a panic.
        use polars::prelude::*;
        let mut df = df!("deso" => ["0114A0010", "0114A0020"], "v" => [1.5, 2.5]).unwrap();
        let mut buf = Vec::new();
        ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
        let n = buf.len();
        let meta = u32::from_le_bytes([buf[n - 8], buf[n - 7], buf[n - 6], buf[n - 5]]) as usize;
        let mut errors = 0;
        for at in n - 8 - meta..n - 8 {
            for flip in [0x01u8, 0x10, 0xff] {
                let mut b = buf.clone();
                b[at] ^= flip;
                if parse(Path::new("damaged.parquet"), b).is_err() {
                    errors += 1;
                }
            }
        }
        assert!(errors > 0);
    }

    #[test]
    fn a_page_declaring_a_negative_count_is_refused() {
        // polars-parquet reads a page's count of values as `i32 as usize`: -1 made it reserve
        // 2^61 bytes for the validity bitmap and abort (found by fuzzing a GeoParquet file).
        use polars::prelude::*;
        let mut df = df!("v" => [Some(1.5), None, Some(2.5)]).unwrap();
        let mut buf = Vec::new();
        ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
        let path = Path::new("negative.parquet");
        assert!(parse(path, buf.clone()).is_ok());
        // The data page header's first field, num_values = 3 (zigzag 6), just inside its struct.
        let at = buf
            .windows(3)
            .position(|w| w[0] & 0x0f == 0x0c && w[1] == 0x15 && w[2] == 6)
            .expect("a data page header");
        buf[at + 2] = 1;
        if let Ok(p) = std::env::var("SEGATLAS_WRITE_CRAFTED") {
            std::fs::write(p, &buf).unwrap();
        }
        let e = parse(path, buf).err().expect("refused").to_string();
        assert!(
            e.contains("negative.parquet") && e.contains("negative"),
            "{e}"
        );
    }
}
