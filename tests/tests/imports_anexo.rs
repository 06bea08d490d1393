//! Anexo C imports end to end (real server, real PostgreSQL): generated workbooks with merged
//! titles, several sheets, sections, totals, dates and unicode; re-import; progress; bad rows;
//! bad files (wrong type, corrupt zip, XML bomb, zip bomb, a sheet spanning the whole grid,
//! empty, too many rows, too large); the export; the seed's compatible routes; roles.

use std::io::Write;

use ote_tests::env::{Env, placeholder_dist};
use ote_tests::import_client::{ImportClient, fixture};
use ote_tests::server_bin;
use ote_tests::workbooks;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::Value;

async fn item_rows(env: &Env) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM anexo_items")
        .fetch_one(&env.pool)
        .await
        .unwrap()
}

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("decimal as string: {v}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn an_anexo_is_read_whole_and_exact_and_imported_once() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let (bytes, expected) = workbooks::anexo(40);

    let id = client.import_anexo(ot, "anexo-c.xlsx", bytes.clone()).await;
    let record = client.wait(id).await;
    assert_eq!(record["estado"], "terminada", "{record}");
    assert_eq!(record["conteos"]["partidas"], expected.partidas);
    assert_eq!(
        record["conteos"]["hojas"],
        serde_json::json!(["Buceo", "ROV"])
    );
    assert_eq!(
        record["conteos"]["hojas_omitidas"],
        serde_json::json!(["Portada"])
    );
    // Two subtotals and the total of the first sheet were checked against the items.
    assert_eq!(record["conteos"]["totales_verificados"], 3);
    assert_eq!(dec(&record["conteos"]["importe_mxn"]), expected.importe_mxn);
    assert_eq!(dec(&record["conteos"]["importe_usd"]), expected.importe_usd);
    assert_eq!(
        (record["hechos"].clone(), record["total"].clone()),
        (expected.partidas.into(), expected.partidas.into())
    );
    assert_eq!(record["archivo"], "anexo-c.xlsx");
    assert_eq!(record["usuario"], "planeacion");
    assert_eq!(record["tamano"], bytes.len());

    let (status, items) = client
        .get(&format!("/api/v1/work-orders/{ot}/anexo-items"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), expected.partidas);
    let first = &items[0];
    assert_eq!(first["partida"], "A.1");
    assert_eq!(first["hoja"], "Buceo");
    assert_eq!(first["fila"], 6, "row numbers as Excel shows them");
    assert_eq!(first["unidad"], "JOR");
    assert!(
        first["descripcion"]
            .as_str()
            .unwrap()
            .contains("«L-1» de 12\" — señalización")
    );
    assert_eq!(first["cantidad"], "2");
    assert_eq!(first["precio_unitario_mxn"], "1000.62");
    assert_eq!(first["importe_mxn"], "2001.24");
    assert_eq!(first["precio_unitario_usd"], Value::Null);
    // The sheet with a currency row under merged titles: pesos and dollars apart, exact.
    let c1 = items.iter().find(|i| i["partida"] == "C-1").unwrap();
    assert_eq!(
        (c1["hoja"].as_str(), c1["fila"].as_i64()),
        (Some("ROV"), Some(5))
    );
    assert_eq!(dec(&c1["importe_mxn"]), Decimal::new(2_500_250, 3));
    let c2 = items.iter().find(|i| i["partida"] == "C-2").unwrap();
    assert_eq!(c2["precio_unitario_mxn"], Value::Null);
    assert_eq!(dec(&c2["importe_usd"]), Decimal::new(3_703_701, 2));
    let total: Decimal = items
        .iter()
        .filter(|i| !i["importe_mxn"].is_null())
        .map(|i| dec(&i["importe_mxn"]))
        .sum();
    assert_eq!(total, expected.importe_mxn);

    // The same file again changes nothing.
    let (status, again) = client
        .upload(
            &format!("/api/v1/work-orders/{ot}/anexo"),
            "archivo",
            "otra-vez.xlsx",
            bytes,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        (again["id"].as_i64(), again["repetida"].as_bool()),
        (Some(id), Some(true))
    );
    assert_eq!(item_rows(&env).await, expected.partidas as i64);
    let imports: i64 = sqlx::query_scalar("SELECT count(*) FROM imports")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(imports, 1);

    // A corrected file replaces what the OT shows.
    let (smaller, smaller_expected) = workbooks::anexo(3);
    let id2 = client.import_anexo(ot, "anexo-c-v2.xlsx", smaller).await;
    assert_eq!(client.wait(id2).await["estado"], "terminada");
    let (_, items) = client
        .get(&format!("/api/v1/work-orders/{ot}/anexo-items"))
        .await;
    assert_eq!(items.as_array().unwrap().len(), smaller_expected.partidas);

    // The export gives the items back, readable by calamine.
    let (status, xlsx) = client
        .get_bytes(&format!("/api/v1/work-orders/{ot}/anexo-items.xlsx"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let range = calamine::Reader::worksheet_range(&mut book, "Anexo C").unwrap();
    assert_eq!(range.height(), smaller_expected.partidas + 1);
    assert_eq!(range.get((1, 0)).unwrap().to_string(), "A.1");
    env.stop().await;
}

#[tokio::test]
async fn bad_rows_are_reported_with_sheet_row_and_reason_and_nothing_is_written() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Partidas").unwrap();
    for (col, h) in [
        "Partida",
        "Descripción",
        "Unidad",
        "Cantidad",
        "Precio unitario MXN",
        "Importe MXN",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(1, col as u16, *h).unwrap();
    }
    let rows: [(&str, &str, f64, f64); 3] = [
        ("1", "Buceo", 2.0, 10.0),
        ("2", "ROV", 3.0, 5.5),
        ("3", "Soldadura", 1.0, 100.0),
    ];
    for (i, (p, d, q, pu)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write(r, 0, *p).unwrap();
        sheet.write(r, 1, *d).unwrap();
        sheet.write(r, 2, "PZA").unwrap();
        sheet.write(r, 3, *q).unwrap();
        sheet.write(r, 4, *pu).unwrap();
        sheet.write(r, 5, q * pu).unwrap();
    }
    // Row 6: a formula whose result is an error; row 7: quantity that is not a number;
    // row 8: an amount that is not quantity × price; row 9: the total does not add up.
    sheet.write(5, 0, "4").unwrap();
    sheet.write(5, 3, 1).unwrap();
    sheet
        .write_formula(
            5,
            4,
            rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
        )
        .unwrap();
    sheet.write(6, 0, "5").unwrap();
    sheet.write(6, 3, "dos").unwrap();
    sheet.write(6, 4, 10).unwrap();
    sheet.write(7, 0, "6").unwrap();
    sheet.write(7, 3, 2).unwrap();
    sheet.write(7, 4, 10).unwrap();
    sheet.write(7, 5, 25).unwrap();
    sheet.write(8, 1, "TOTAL").unwrap();
    sheet.write(8, 5, 9999).unwrap();
    let id = client
        .import_anexo(ot, "con-errores.xlsx", book.save_to_buffer().unwrap())
        .await;
    let record = client.wait(id).await;
    assert_eq!(record["estado"], "fallida");
    assert_eq!(record["codigo_error"], "filas_invalidas");
    let errors = record["errores"].as_array().unwrap();
    let at = |fila: i64| {
        errors
            .iter()
            .find(|e| e["fila"] == fila)
            .unwrap_or_else(|| panic!("row {fila}: {record}"))
    };
    assert!(at(6)["motivo"].as_str().unwrap().contains("#DIV/0!"));
    assert!(
        at(7)["motivo"]
            .as_str()
            .unwrap()
            .contains("«dos» no es un número")
    );
    assert!(
        at(8)["motivo"]
            .as_str()
            .unwrap()
            .contains("no es cantidad × precio unitario")
    );
    assert!(
        at(9)["motivo"]
            .as_str()
            .unwrap()
            .contains("no coincide con la suma")
    );
    assert!(errors.iter().all(|e| e["hoja"] == "Partidas"));
    assert_eq!(errors.len(), 4);
    assert_eq!(item_rows(&env).await, 0);
    env.stop().await;
}

/// A zip whose one entry inflates to `mib` MiB of zeros.
fn zip_bomb(mib: usize) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..mib {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// One cell at A1 and one at XFD1048576: calamine's whole-sheet reader would allocate the grid.
fn whole_grid() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "Partida").unwrap();
    sheet.write(1_048_575, 16_383, "fin").unwrap();
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn bad_files_fail_with_a_code_and_leave_the_server_unharmed() {
    let env = Env::start_with(
        server_bin!(),
        &placeholder_dist(),
        &[
            ("OTE_IMPORT_MAX_INFLATED_MIB", "20"),
            ("OTE_IMPORT_MAX_ROWS", "50"),
            ("OTE_IMPORT_MAX_MIB", "1"),
        ],
    )
    .await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let empty = rust_xlsxwriter::Workbook::new().save_to_buffer().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "informe.pdf",
            b"%PDF-1.7 not a workbook".to_vec(),
            "tipo_archivo_invalido",
        ),
        (
            "truncado.xlsx",
            fixture("poi/clusterfuzz-testcase-minimized-XLSX2CSVFuzzer-5636439151607808.xlsx"),
            "archivo_corrupto",
        ),
        (
            "bomba-xml.xlsx",
            fixture("poi/poc-xmlbomb.xlsx"),
            "archivo_corrupto",
        ),
        ("bomba.xlsx", zip_bomb(40), "archivo_sospechoso"),
        ("cuadricula.xlsx", whole_grid(), "encabezado_no_encontrado"),
        ("vacio.xlsx", empty, "libro_vacio"),
        (
            "errores.xlsx",
            fixture("calamine/errors.xlsx"),
            "encabezado_no_encontrado",
        ),
        (
            "combinadas.xlsx",
            fixture("calamine/merge_cells.xlsx"),
            "encabezado_no_encontrado",
        ),
        (
            "muchas-filas.xlsx",
            workbooks::big_anexo(60),
            "demasiadas_filas",
        ),
        ("sin-partidas.xlsx", workbooks::big_anexo(0), "sin_partidas"),
    ];
    for (name, bytes, code) in cases {
        let id = client.import_anexo(ot, name, bytes).await;
        let record = client.wait(id).await;
        assert_eq!(
            (record["estado"].as_str(), record["codigo_error"].as_str()),
            (Some("fallida"), Some(code)),
            "{name}: {record}"
        );
        assert!(!record["mensaje_error"].as_str().unwrap().is_empty());
        assert_eq!(item_rows(&env).await, 0, "{name} wrote nothing");
    }
    // Over the upload limit: refused at once, nothing recorded.
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM imports")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    let (status, body) = client
        .upload(
            &format!("/api/v1/work-orders/{ot}/anexo"),
            "archivo",
            "grande.xlsx",
            vec![b'x'; 1_200_000],
            &[],
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("archivo_demasiado_grande")),
        "{body}"
    );
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM imports")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(before, after);
    // And the server still imports a good file.
    let id = client
        .import_anexo(ot, "bueno.xlsx", workbooks::big_anexo(30))
        .await;
    assert_eq!(client.wait(id).await["estado"], "terminada");
    assert_eq!(item_rows(&env).await, 30);
    env.stop().await;
}

#[tokio::test]
async fn the_fixtures_read_as_their_own_projects_expect() {
    use ote_server::imports::ImportError;
    use ote_server::imports::workbook::{Row, SheetVisitor, Value as Cell, visit};
    #[derive(Default)]
    struct Rows(Vec<(String, Row<'static>)>, String);
    impl SheetVisitor for Rows {
        fn begin_sheet(&mut self, name: &str, _: u64) {
            self.1 = name.to_owned();
        }
        fn row(&mut self, row: &Row<'_>) -> Result<bool, ImportError> {
            // Kept past the visit: text borrowed from the workbook is copied.
            let cells = row.cells.iter().map(|(col, value)| {
                let value = match value {
                    Cell::Text(t) => Cell::Text(t.to_string().into()),
                    Cell::Int(i) => Cell::Int(*i),
                    Cell::Number(f) => Cell::Number(*f),
                    Cell::Date(d) => Cell::Date(d.clone()),
                    Cell::Bool(b) => Cell::Bool(*b),
                    Cell::Error(e) => Cell::Error(e.clone()),
                };
                (*col, value)
            });
            let row = Row {
                number: row.number,
                cells: cells.collect(),
            };
            self.0.push((self.1.clone(), row));
            Ok(true)
        }
    }
    let read = |path: &str| {
        let mut rows = Rows::default();
        visit(&fixture(path), 1 << 30, &mut rows).unwrap();
        rows.0.into_iter().map(|(_, r)| r).collect::<Vec<_>>()
    };
    let header_row = read("calamine/header-row.xlsx");
    let nine = header_row
        .iter()
        .find(|r| r.number == 9)
        .expect("the real header is row 9");
    assert_eq!(nine.cells[0], (0, Cell::Text("Columns".into())));
    assert_eq!(header_row[0].number, 3, "the note above is row 3");
    let merged = read("calamine/merge_cells.xlsx");
    assert_eq!(
        merged[0].cells.len(),
        2,
        "only the top-left cell of a merge holds the value"
    );
    let dates = read("calamine/date.xlsx");
    assert_eq!(dates[0].cells[0].1, Cell::Date("2021-01-01".into()));
    assert_eq!(dates[2].cells[0].1, Cell::Date("255:10:10".into()));
    let errors = read("calamine/errors.xlsx");
    let codes: Vec<Cell> = errors.iter().map(|r| r.cells[0].1.clone()).collect();
    assert_eq!(codes[0], Cell::Error("#DIV/0!".into()));
    assert_eq!(codes[6], Cell::Error("#N/A".into()));
}

#[tokio::test]
async fn the_seed_routes_and_the_roles() {
    let env = Env::start(server_bin!()).await;
    let office = ImportClient::new(&env.server.url, &env.office_key);
    let field = ImportClient::new(&env.server.url, &env.key);
    let ot = env.first_work_order().await;
    let (bytes, expected) = workbooks::anexo(5);

    // Seed 000: importar_anexo_ot/ with ot_id and archivo_excel, answered with its envelope.
    let ot_text = ot.to_string();
    let (status, envelope) = office
        .upload(
            "/operaciones/ot/importar_anexo_ot/",
            "archivo_excel",
            "anexo.xlsx",
            bytes.clone(),
            &[("ot_id", &ot_text)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{envelope}");
    assert_eq!(
        (envelope["exito"].as_bool(), envelope["tipo_aviso"].as_str()),
        (Some(true), Some("exito"))
    );
    let id = envelope["id_nuevo"].as_i64().unwrap();
    assert_eq!(
        office.wait(id).await["conteos"]["partidas"],
        expected.partidas
    );
    let (status, envelope) = office
        .upload(
            "/operaciones/ot/importar_anexo_ot/",
            "archivo_excel",
            "anexo.xlsx",
            bytes.clone(),
            &[("ot_id", "999999")],
        )
        .await;
    assert_eq!(
        (
            status,
            envelope["exito"].as_bool(),
            envelope["codigo"].as_str()
        ),
        (StatusCode::NOT_FOUND, Some(false), Some("no_encontrado"))
    );

    // datatable-importaciones/: the DataTables protocol, with id_ot.
    let form = [
        ("draw", "7"),
        ("start", "0"),
        ("length", "10"),
        ("search[value]", "anexo"),
        ("id_ot", &ot_text),
    ];
    let table: Value = reqwest::Client::new()
        .post(format!(
            "{}/operaciones/ot/datatable-importaciones/",
            env.server.url
        ))
        .header("Api-key", &env.office_key)
        .form(&form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            table["draw"].as_i64(),
            table["recordsTotal"].as_i64(),
            table["recordsFiltered"].as_i64()
        ),
        (Some(7), Some(1), Some(1)),
        "{table}"
    );
    assert_eq!(table["data"][0]["id"], id);
    assert_eq!(table["data"][0]["archivo"], "anexo.xlsx");

    // Roles: a technician reads the items of an OT they see, but does not import.
    let (status, body) = field
        .upload(
            &format!("/api/v1/work-orders/{ot}/anexo"),
            "archivo",
            "anexo.xlsx",
            bytes,
            &[],
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("sin_permiso"))
    );
    let (status, _) = field.get("/api/v1/imports").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let anon = ImportClient::new(&env.server.url, "clave-que-no-existe");
    assert_eq!(
        anon.get(&format!("/api/v1/work-orders/{ot}/anexo-items"))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let hidden: i64 = sqlx::query_scalar(
        "SELECT min(id) FROM work_orders w WHERE NOT EXISTS (SELECT 1 FROM work_order_empleados e
         WHERE e.work_order_id = w.id AND e.empleado_id = $1)",
    )
    .bind(ote_tests::env::EMPLEADO_TECNICO)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(
        field
            .get(&format!("/api/v1/work-orders/{hidden}/anexo-items"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // The history: paged, newest first.
    let (status, page) = office
        .get(&format!("/api/v1/imports?id_ot={ot}&por_pagina=1"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (page["total"].as_i64(), page["datos"][0]["id"].as_i64()),
        (Some(1), Some(id))
    );
    // The app names the work order by its document id: the same history, the same items.
    let doc: uuid::Uuid = sqlx::query_scalar("SELECT doc_id FROM work_orders WHERE id = $1")
        .bind(ot)
        .fetch_one(&env.pool)
        .await
        .unwrap();
    let (_, by_doc) = office.get(&format!("/api/v1/imports?id_ot={doc}")).await;
    assert_eq!(by_doc["total"], page["total"]);
    let (status, items) = office
        .get(&format!("/api/v1/work-orders/{doc}/anexo-items"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!items.as_array().unwrap().is_empty());
    env.stop().await;
}

#[tokio::test]
async fn progress_is_reported_while_a_large_anexo_imports() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let mut events = client.import_events().await;
    let id = client
        .import_anexo(ot, "grande.xlsx", workbooks::big_anexo(60_000))
        .await;
    let reports = events.until_end_of(id).await;
    let during: Vec<&Value> = reports
        .iter()
        .filter(|r| r["estado"] == "procesando")
        .collect();
    assert!(
        during.iter().any(
            |r| r["hechos"].as_i64().unwrap() > 0 && r["hechos"].as_i64() < r["total"].as_i64()
        ),
        "rows done of total while reading: {reports:?}"
    );
    let last = reports.last().unwrap();
    assert_eq!(
        (last["hechos"].as_i64(), last["total"].as_i64()),
        (Some(60_000), Some(60_000))
    );
    env.stop().await;
}

#[tokio::test]
async fn ods_and_xls_workbooks_import_like_xlsx() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    // The .xls has an empty row between its title and its header.
    for (name, bytes, fila) in [
        ("anexo.ods", workbooks::anexo_ods(), 4),
        ("anexo.xls", workbooks::anexo_xls(), 5),
    ] {
        let id = client.import_anexo(ot, name, bytes).await;
        let record = client.wait(id).await;
        assert_eq!(record["estado"], "terminada", "{name}: {record}");
        assert_eq!(
            record["conteos"]["partidas"],
            workbooks::SMALL_ANEXO.len(),
            "{name}"
        );
        assert_eq!(
            dec(&record["conteos"]["importe_mxn"]),
            workbooks::small_anexo_total(),
            "{name}"
        );
        let (_, items) = client
            .get(&format!("/api/v1/work-orders/{ot}/anexo-items"))
            .await;
        assert_eq!(items[1]["partida"], "1.2", "{name}");
        assert_eq!(items[1]["descripcion"], "Limpieza de ánodos", "{name}");
        assert_eq!(
            dec(&items[1]["importe_mxn"]),
            "1003.13".parse::<Decimal>().unwrap(),
            "{name}: 12.5 × 80.25 = 1003.125, to the cent half away from zero"
        );
        assert_eq!(items[1]["fila"], fila, "{name}");
    }
    env.stop().await;
}

#[tokio::test]
async fn importes_stated_to_the_cent_add_up_to_the_workbooks_total_exactly() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let (bytes, workbook_total) = workbooks::cents_anexo(3_000);
    let id = client.import_anexo(ot, "anexo-centavos.xlsx", bytes).await;
    let record = client.wait(id).await;
    assert_eq!(record["estado"], "terminada", "{record}");
    assert_eq!(record["conteos"]["totales_verificados"], 1);
    assert_eq!(dec(&record["conteos"]["importe_mxn"]), workbook_total);
    let stored: Decimal =
        sqlx::query_scalar("SELECT sum(importe_mxn) FROM anexo_items WHERE import_id = $1")
            .bind(id)
            .fetch_one(&env.pool)
            .await
            .unwrap();
    assert_eq!(stored, workbook_total);
    let fractions: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM anexo_items WHERE import_id = $1 AND importe_mxn <> round(importe_mxn, 2)",
    )
    .bind(id)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(fractions, 0, "every importe is to the cent");
    env.stop().await;
}

#[tokio::test]
async fn an_earlier_imports_items_stay_readable_by_its_id() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let (first, _) = workbooks::cents_anexo(5);
    let (second, _) = workbooks::cents_anexo(8);
    let earlier = client.import_anexo(ot, "primera.xlsx", first).await;
    client.wait(earlier).await;
    let later = client.import_anexo(ot, "segunda.xlsx", second).await;
    client.wait(later).await;
    let (_, current) = client
        .get(&format!("/api/v1/work-orders/{ot}/anexo-items"))
        .await;
    assert_eq!(
        current.as_array().unwrap().len(),
        8,
        "the work order shows the latest"
    );
    let (status, old) = client
        .get(&format!("/api/v1/imports/{earlier}/anexo-items"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(old.as_array().unwrap().len(), 5);
    env.stop().await;
}
