//! A client of the import routes: upload a file, wait for its import to end, read results.

use std::time::{Duration, Instant};

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

    /// GETs `path`: status and JSON body (Null when not JSON).
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header("Api-key", &self.key)
            .send()
            .await
            .expect("server answers");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// GETs `path` as bytes.
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, Vec<u8>) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header("Api-key", &self.key)
            .send()
            .await
            .expect("server answers");
        let status = response.status();
        (status, response.bytes().await.unwrap_or_default().to_vec())
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
