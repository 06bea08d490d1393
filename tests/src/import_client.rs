//! A client of the import routes: upload a file, wait for its import to end, read results.

use std::pin::Pin;
use std::time::{Duration, Instant};

use futures_util::{Stream, StreamExt};

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

/// Calls the server as one API-key user.
#[derive(Clone)]
pub struct ImportClient {
    http: reqwest::Client,
    base: String,
    key: String,
}

impl ImportClient {
    /// A client of the server at `base` with the API key `key`.
    pub fn new(base: &str, key: &str) -> ImportClient {
        ImportClient {
            http: reqwest::Client::new(),
            base: base.to_owned(),
            key: key.to_owned(),
        }
    }

    /// Posts a multipart form to `path`: the file as part `field` and the text `fields`.
    pub async fn upload(
        &self,
        path: &str,
        field: &str,
        file_name: &str,
        bytes: Vec<u8>,
        fields: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let mut form = Form::new().part(
            field.to_owned(),
            Part::bytes(bytes).file_name(file_name.to_owned()),
        );
        for (k, v) in fields {
            form = form.text((*k).to_owned(), (*v).to_owned());
        }
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("Api-key", &self.key)
            .multipart(form)
            .send()
            .await
            .expect("server answers");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Uploads an Anexo C into work order `ot` and returns the new import's id.
    pub async fn import_anexo(&self, ot: i64, file_name: &str, bytes: Vec<u8>) -> i64 {
        let (status, body) = self
            .upload(
                &format!("/api/v1/work-orders/{ot}/anexo"),
                "archivo",
                file_name,
                bytes,
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        body["id"].as_i64().expect("an import id")
    }

    /// Uploads a schedule into work order `ot` as version `name`; returns the import's id.
    pub async fn import_schedule(
        &self,
        ot: i64,
        file_name: &str,
        bytes: Vec<u8>,
        name: &str,
    ) -> i64 {
        let (status, body) = self
            .upload(
                &format!("/api/v1/work-orders/{ot}/schedules"),
                "archivo",
                file_name,
                bytes,
                &[("nombre_version", name)],
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        body["id"].as_i64().expect("an import id")
    }

    async fn send_get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .header("Api-key", &self.key)
            .send()
            .await
            .expect("server answers")
    }

    /// GETs `path`: status and JSON body (Null when not JSON).
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self.send_get(path).await;
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// GETs `path` as bytes.
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, Vec<u8>) {
        let response = self.send_get(path).await;
        let status = response.status();
        (status, response.bytes().await.unwrap_or_default().to_vec())
    }

    /// Opens the server's event stream (`GET /api/events`).
    pub async fn import_events(&self) -> ImportEvents {
        let stream = self
            .send_get("/api/events")
            .await
            .bytes_stream()
            .map(|chunk| chunk.map(|b| b.to_vec()));
        ImportEvents {
            stream: Box::pin(stream),
            text: String::new(),
        }
    }

    /// Polls the import until it ends (`terminada` or `fallida`) and returns its record.
    pub async fn wait(&self, id: i64) -> Value {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let (status, record) = self.get(&format!("/api/v1/imports/{id}")).await;
            assert_eq!(status, StatusCode::OK, "{record}");
            if matches!(record["estado"].as_str(), Some("terminada" | "fallida")) {
                return record;
            }
            assert!(
                Instant::now() < deadline,
                "import {id} never ended: {record}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The `importacion` events of an SSE stream.
pub struct ImportEvents {
    stream: Pin<Box<dyn Stream<Item = reqwest::Result<Vec<u8>>> + Send>>,
    text: String,
}

impl ImportEvents {
    /// The next import report `{id, id_ot, estado, fase, hechos, total}` (other events are
    /// passed over); panics after 60 s without one.
    pub async fn next(&mut self) -> Value {
        loop {
            if let Some(end) = self.text.find("\n\n") {
                let event: String = self.text.drain(..end + 2).collect();
                if event.contains("event: importacion") {
                    let data = event
                        .lines()
                        .find_map(|l| l.strip_prefix("data: "))
                        .expect("data line");
                    return serde_json::from_str(data).expect("JSON report");
                }
                continue;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(60), self.stream.next())
                .await
                .expect("an event within 60 s")
                .expect("the stream stays open")
                .expect("the stream reads");
            self.text.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Reports of import `id` until it ends, the last one its end.
    pub async fn until_end_of(&mut self, id: i64) -> Vec<Value> {
        let mut reports = Vec::new();
        loop {
            let report = self.next().await;
            if report["id"] != id {
                continue;
            }
            let ended = matches!(report["estado"].as_str(), Some("terminada" | "fallida"));
            reports.push(report);
            if ended {
                return reports;
            }
        }
    }
}

/// A file of `../shared/fixtures` (the tests read them there; the repo does not copy them).
pub fn fixture(path: &str) -> Vec<u8> {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/fixtures");
    std::fs::read(format!("{fixtures}/{path}")).expect("../shared/fixtures is beside the repo")
}
