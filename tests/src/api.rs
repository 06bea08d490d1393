//! A small client for the JSON API with an `Api-key`, answering `(status, body)`.

use reqwest::Method;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// A complete offshore work order, as the office form sends it.
pub fn office_work_order(folio: &str) -> Value {
    serde_json::json!({
        "orden_trabajo": folio,
        "oficio_ot": "PEP-SUB-0099/2026",
        "id_tipo": 4,
        "descripcion_trabajo": "Inspección de ducto de 16 pulgadas",
        "responsable_proyecto": 1,
        "responsable_cliente": "Ing. Laura Méndez",
        "id_cliente": 1,
        "id_frente": 2,
        "id_embarcacion": 1,
        "monto_mxn": "125000.50",
        "fecha_inicio_programado": "2026-12-01",
        "fecha_termino_programado": "2026-12-20",
        "comentario_general": "Alta desde la oficina",
    })
}

/// The SHA-256 of `bytes` in hex, as a file is named.
pub fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A photo of a few MB, not compressible, longer than several of the store's pieces.
pub fn camera_photo() -> Vec<u8> {
    photo_of(1_100_000)
}

/// A JPEG's first bytes and then `len` bytes of noise (nothing compresses it).
pub fn photo_of(len: usize) -> Vec<u8> {
    let mut bytes = b"\xff\xd8\xff\xe0".to_vec();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    bytes.extend((0..len).map(|_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as u8
    }));
    bytes
}

/// `PUT /api/blobs/{sha256}` of `bytes` as a JPEG at the server at `url`: the status.
pub async fn put_blob(url: &str, key: &str, bytes: &[u8]) -> u16 {
    reqwest::Client::new()
        .put(format!("{url}/api/blobs/{}", sha(bytes)))
        .header("Api-key", key)
        .header("Content-Type", "image/jpeg")
        .body(bytes.to_vec())
        .send()
        .await
        .expect("the server answers")
        .status()
        .as_u16()
}

/// `GET /api/blobs/{sha256}` at the server at `url` with the API key `key`: the status and
/// the bytes.
pub async fn blob(url: &str, key: &str, sha256: &str) -> (u16, Vec<u8>) {
    let got = reqwest::Client::new()
        .get(format!("{url}/api/blobs/{sha256}"))
        .header("Api-key", key)
        .send()
        .await
        .expect("the server answers");
    let status = got.status().as_u16();
    (status, got.bytes().await.unwrap_or_default().to_vec())
}

/// Signs in at the server at `url` with a username and password (`POST /api/auth/login`).
pub async fn sign_in(url: &str, username: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{url}/api/auth/login"))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await
        .expect("the server answers")
}

/// Calls the server at `url` as the owner of `key` (no key: anonymous).
#[derive(Clone)]
pub struct Api {
    url: String,
    key: Option<String>,
    http: reqwest::Client,
}

impl Api {
    /// A client for the server at `url`.
    pub fn new(url: &str, key: Option<&str>) -> Api {
        Api {
            url: url.to_owned(),
            key: key.map(str::to_owned),
            http: reqwest::Client::new(),
        }
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let r = self.http.request(method, format!("{}{path}", self.url));
        match &self.key {
            Some(k) => r.header("Api-key", k),
            None => r,
        }
    }

    async fn answer(r: reqwest::RequestBuilder) -> (u16, Value) {
        let response = r.send().await.expect("the server answers");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        Self::answer(self.request(Method::GET, path)).await
    }

    /// `method path` with a JSON body.
    pub async fn json(&self, method: Method, path: &str, body: Value) -> (u16, Value) {
        Self::answer(self.request(method, path).json(&body)).await
    }

    /// `POST path` with a form body.
    pub async fn form(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        Self::answer(self.request(Method::POST, path).form(form)).await
    }

    /// `method path` with a raw body and content type.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: &'static [u8],
    ) -> (u16, Value) {
        Self::answer(
            self.request(method, path)
                .header("content-type", content_type)
                .body(body),
        )
        .await
    }

    /// `POST path` with a multipart form: text fields and one file.
    pub async fn multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, Vec<u8>),
    ) -> (u16, Value) {
        let (name, file_name, bytes) = file;
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(file_name.to_owned())
            .mime_str("image/jpeg")
            .expect("a MIME type");
        form = form.part(name.to_owned(), part);
        Self::answer(self.request(Method::POST, path).multipart(form)).await
    }
}

/// A browser's signed-in session: its cookie, and the CSRF token its writes echo.
#[derive(Clone)]
pub struct Session {
    url: String,
    cookie: String,
    csrf: String,
    http: reqwest::Client,
}

impl Session {
    /// Signs `username` in at the server at `url`; panics unless the server accepts.
    pub async fn sign_in(url: &str, username: &str, password: &str) -> Session {
        let response = sign_in(url, username, password).await;
        assert_eq!(response.status(), 200, "{username} signs in");
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        let cookie = cookie.split(';').next().unwrap().to_owned();
        let body: Value = response.json().await.unwrap();
        Session {
            url: url.to_owned(),
            cookie,
            csrf: body["csrf"].as_str().unwrap().to_owned(),
            http: reqwest::Client::new(),
        }
    }

    /// `method path` with a JSON body (none for `Value::Null`), with the cookie and the token.
    pub async fn json(&self, method: Method, path: &str, body: Value) -> (u16, Value) {
        let mut r = self
            .http
            .request(method, format!("{}{path}", self.url))
            .header("Cookie", &self.cookie)
            .header("X-CSRF-Token", &self.csrf);
        if !body.is_null() {
            r = r.json(&body);
        }
        Api::answer(r).await
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.json(Method::GET, path, Value::Null).await
    }
}
