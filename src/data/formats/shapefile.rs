//! ESRI Shapefile boundaries: `.shp` geometry, `.shx` index (optional), `.dbf` attributes in
//! the encoding `.cpg` names (or the DBF's code page), `.prj` CRS. Outer rings and holes are
//! regrouped into polygons by containment.

use crate::data::crs::Crs;
use crate::data::layer::{Layer, RawFeature};
use crate::data::table::{Column, Table};
use crate::error::{Error, Place, Result};
use dbase::FieldValue;
use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use shapefile::record::traits::HasXY;
use shapefile::{PolygonRing, Shape};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Read a shapefile of polygons with its attributes.
pub fn read(path: &Path) -> Result<Layer> {
    std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    let dbf_path = path.with_extension("dbf");
    if !dbf_path.exists() {
        return Err(Error::in_file(
            path,
            format!(
                "the attribute table {} is missing (a shapefile needs its .shp, .shx and .dbf side by side)",
                dbf_path.file_name().unwrap_or_default().to_string_lossy()
            ),
        ));
    }
    let mut shapes = shapefile::ShapeReader::from_path(path)
        .map_err(|e| Error::in_file(path, format!("not a readable shapefile: {e}")))?;
    let mut raw = Vec::new();
    for (i, shape) in shapes.iter_shapes().enumerate() {
        let feature = Place::Feature(i + 1);
        let shape = shape.map_err(|e| {
            Error::in_file(path, format!("cannot read the geometry: {e}")).at(feature.clone())
        })?;
        raw.push(areal(shape).map_err(|m| Error::in_file(path, m).at(feature))?);
    }
    let table = read_dbf(&dbf_path)?;
    let crs = match std::fs::read_to_string(path.with_extension("prj")) {
        Ok(wkt) => Crs::from_wkt(&wkt).map_err(|e| e.with_file(&path.with_extension("prj")))?,
        Err(_) => Crs::Planar,
    };
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Layer::build(path, name, crs, raw, table, vec![])
}

fn read_dbf(dbf_path: &Path) -> Result<Table> {
    let file = File::open(dbf_path).map_err(|e| Error::io(dbf_path, &e))?;
    let file_len = file.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
    let builder = match cpg_encoding(&dbf_path.with_extension("cpg"))? {
        Some(enc) => dbase::ReaderBuilder::new().with_encoding(enc),
        None => dbase::ReaderBuilder::new(),
    };
    let dbf_err = |e: dbase::Error| {
        Error::in_file(
            dbf_path,
            format!("cannot read the attribute table: {}", dbf_words(&e)),
        )
    };
    let mut reader = builder.build(BufReader::new(file)).map_err(dbf_err)?;
    // The records the header announces must be in the file (else every reader fails at some
    // record with an I/O error, at a place that depends on buffering).
    let h = reader.header();
    let holds = file_len.saturating_sub(u64::from(h.offset_to_first_record))
        / u64::from(h.size_of_record.max(1));
    if holds < u64::from(h.num_records) {
        return Err(Error::in_file(
            dbf_path,
            format!(
                "the header announces {} records but the file holds {holds}: it is cut short, or its header is wrong",
                h.num_records
            ),
        ));
    }
    let names: Vec<String> = reader
        .fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    let mut texts: Vec<Vec<Option<String>>> = vec![Vec::new(); names.len()];
    let mut numbers: Vec<Vec<Option<f64>>> = vec![Vec::new(); names.len()];
    let mut is_text = vec![false; names.len()];
    for (row, rec) in reader.iter_records().enumerate() {
        let rec = rec.map_err(|e| {
            Error::in_file(
                dbf_path,
                format!("cannot read the record: {}", dbf_words(&e)),
            )
            .at(Place::Feature(row + 1))
        })?;
        for (i, name) in names.iter().enumerate() {
            let (t, n) = match rec.get(name) {
                Some(FieldValue::Character(s)) => {
                    is_text[i] = true;
                    (
                        s.as_ref()
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty()),
                        None,
                    )
                }
                Some(FieldValue::Memo(s)) => {
                    is_text[i] = true;
                    (Some(s.clone()), None)
                }
                Some(FieldValue::Numeric(v)) => (None, *v),
                Some(FieldValue::Float(v)) => (None, v.map(f64::from)),
                Some(FieldValue::Integer(v)) => (None, Some(f64::from(*v))),
                Some(FieldValue::Double(v)) | Some(FieldValue::Currency(v)) => (None, Some(*v)),
                Some(FieldValue::Logical(b)) => {
                    is_text[i] = true;
                    (b.map(|b| b.to_string()), None)
                }
                Some(FieldValue::Date(d)) => {
                    is_text[i] = true;
                    (
                        d.map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())),
                        None,
                    )
                }
                Some(other) => {
                    is_text[i] = true;
                    (Some(format!("{other:?}")), None)
                }
                None => (None, None),
            };
            texts[i].push(t.or_else(|| n.map(crate::data::table::format_number)));
            numbers[i].push(n);
        }
    }
    let columns = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            if is_text[i] {
                Column::text(name, std::mem::take(&mut texts[i]))
            } else {
                Column::number(name, std::mem::take(&mut numbers[i]))
            }
        })
        .collect();
    Table::new(columns).map_err(|e| e.with_file(dbf_path))
}

/// The encoding a `.cpg` names: None without a `.cpg` (or an empty one, the DBF's own code page
/// then applies); an error naming the file for an encoding segatlas does not know, rather than
/// reading the text in the wrong one.
fn cpg_encoding(cpg: &Path) -> Result<Option<dbase::encoding::DynEncoding>> {
    let Ok(label) = std::fs::read_to_string(cpg) else {
        return Ok(None);
    };
    let label = label.trim().trim_start_matches('\u{feff}');
    if label.is_empty() {
        return Ok(None);
    }
    if let Some(e) = dbase::encoding::DynEncoding::from_name(label) {
        return Ok(Some(e));
    }
    // WHATWG labels (latin1, windows-1252, utf8, …), which dbase's list misses in part.
    if let Some(e) = encoding_rs::Encoding::for_label(label.as_bytes()) {
        return Ok(Some(dbase::encoding::DynEncoding::from(
            dbase::encoding::EncodingRs::from(e),
        )));
    }
    Err(Error::in_file(
        cpg,
        format!(
            "the encoding '{}' is unknown (UTF-8, ISO-8859-1, CP1252 and other common code pages are read): correct the .cpg or remove it",
            label.chars().take(60).collect::<String>()
        ),
    ))
}

/// A DBF error in a person's words (the crate's own read like `Error { kind: … }`).
fn dbf_words(e: &dbase::Error) -> String {
    use dbase::ErrorKind as K;
    match e.kind() {
        K::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends in the middle of a record (cut short?)".into()
        }
        K::IoError(io) => format!("it cannot be read ({io})"),
        K::ParseFloatError(_) | K::ParseIntError(_) => {
            "a number field holds something that is not a number".into()
        }
        K::InvalidDate(_) | K::InvalidTime(_) => "a date field holds an impossible date".into(),
        K::InvalidFieldType(c) => format!("'{c}' is not a dBASE field type"),
        K::MissingMemoFile | K::ErrorOpeningMemoFile(_) => {
            "its memo file (.dbt or .fpt) is missing or unreadable".into()
        }
        K::StringDecodeError(_) => {
            "a text field is not in the encoding the .cpg (or the code page) names".into()
        }
        K::UnsupportedCodePage(c) => format!(
            "its code page ({c:?}) is not supported: add a .cpg naming the encoding, e.g. UTF-8"
        ),
        K::InvalidFile(details) => format!("it is not a dBASE file ({details})"),
        other => other.to_string(),
    }
}

/// Rings as (is outer, ring), whatever the point type (plain, M or Z).
fn rings<P: HasXY>(rings: Vec<PolygonRing<P>>) -> Vec<(bool, LineString<f64>)> {
    let line = |v: &[P]| LineString::new(v.iter().map(|p| Coord { x: p.x(), y: p.y() }).collect());
    rings
        .into_iter()
        .map(|r| match r {
            PolygonRing::Outer(v) => (true, line(&v)),
            PolygonRing::Inner(v) => (false, line(&v)),
        })
        .collect()
}

/// A polygon shape as a MultiPolygon: each hole goes to the outer ring that contains it.
fn areal(shape: Shape) -> std::result::Result<RawFeature, String> {
    let rings = match shape {
        Shape::NullShape => {
            return Ok(RawFeature {
                geometry: None,
                declared_type: "None",
            })
        }
        Shape::Polygon(p) => rings(p.into_inner()),
        Shape::PolygonM(p) => rings(p.into_inner()),
        Shape::PolygonZ(p) => rings(p.into_inner()),
        other => {
            return Err(format!(
                "geometry is a {}; segatlas maps areas, so every feature must be a polygon",
                other.shapetype()
            ))
        }
    };
    let mut polygons: Vec<(LineString<f64>, Vec<LineString<f64>>)> = Vec::new();
    let mut holes = Vec::new();
    for (outer, ring) in rings {
        if outer {
            polygons.push((ring, Vec::new()));
        } else {
            holes.push(ring);
        }
    }
    // The outer rings' boxes in an R*-tree: a shape of many parts and many holes is matched in
    // near-linear time, each hole to the first outer ring (in file order) that contains it.
    let tree = (polygons.len() > 16).then(|| {
        use geo::BoundingRect;
        rstar::RTree::bulk_load(
            polygons
                .iter()
                .enumerate()
                .filter_map(|(i, (outer, _))| {
                    outer.bounding_rect().map(|r| {
                        rstar::primitives::GeomWithData::new(
                            rstar::primitives::Rectangle::from_corners(
                                [r.min().x, r.min().y],
                                [r.max().x, r.max().y],
                            ),
                            i,
                        )
                    })
                })
                .collect(),
        )
    });
    for hole in holes {
        let probe = hole.0.first().copied().map(Point::from);
        let inside =
            |i: usize, p: &Point<f64>| Polygon::new(polygons[i].0.clone(), vec![]).contains(p);
        let owner = probe.and_then(|p| match &tree {
            Some(tree) => tree
                .locate_all_at_point(&[p.x(), p.y()])
                .map(|c| c.data)
                .filter(|&i| inside(i, &p))
                .min(),
            None => (0..polygons.len()).find(|&i| inside(i, &p)),
        });
        match owner.or(polygons.len().checked_sub(1)) {
            Some(i) => polygons[i].1.push(hole),
            None => polygons.push((hole, Vec::new())),
        }
    }
    let count = polygons.len();
    let mp = MultiPolygon::new(
        polygons
            .into_iter()
            .map(|(o, h)| Polygon::new(o, h))
            .collect(),
    );
    Ok(RawFeature {
        geometry: Some(mp),
        declared_type: if count == 1 {
            "Polygon"
        } else {
            "MultiPolygon"
        },
    })
}
