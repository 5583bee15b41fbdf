//! The routes: health, metrics, catalog, verify, review (JSON or the staff page).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::time::Instant;
use tracing::Instrument as _;

use super::body::{read_limited, ReadBody};
use super::error::ApiError;
use super::logging::{mask_identifier, request_id};
use super::{page, AppState};
use crate::catalog::ServiceItem;
use crate::report::{DocumentReport, VerifyReport, SCHEMA as VERIFY_SCHEMA};
use crate::review::application::ApplicationJson;
use crate::review::{Review, Upload};

type Shared = Arc<AppState>;

pub(crate) fn router(state: Shared) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/v1/catalog", get(catalog_list))
        .route("/v1/catalog/{code}", get(catalog_show))
        .route("/v1/verify", post(verify))
        .route("/v1/review", post(review))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Multipart parsing reads from bytes this service already bounded (`body`); axum's
        // own default of 2 MB must not cut them shorter.
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            around_request,
        ))
        .with_state(state)
}

/// The request id, known to handlers (for their log lines) and put on the response.
#[derive(Debug, Clone)]
struct RequestId(String);

/// Request id, in-flight count, refusal while shutting down, the log line and the metrics of
/// every request.
async fn around_request(State(state): State<Shared>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let counter = state.next_request.fetch_add(1, Ordering::Relaxed);
    let id = request_id(
        req.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        counter,
    );
    let route = route_label(req.uri().path());
    let method = req.method().clone();
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", id = %id);
    state.in_flight.fetch_add(1, Ordering::Relaxed);
    let mut response = if state.shutting_down.load(Ordering::SeqCst) && route != "/healthz" {
        ApiError::shutting_down().into_response()
    } else {
        next.run(req).instrument(span.clone()).await
    };
    state.in_flight.fetch_sub(1, Ordering::Relaxed);
    let took = started.elapsed();
    let status = response.status();
    state.metrics.request(route, status.as_u16(), took);
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    span.in_scope(|| {
        tracing::info!(
            %method,
            route,
            status = status.as_u16(),
            ms = took.as_secs_f64() * 1000.0,
            "served"
        );
    });
    response
}

/// The route template a path belongs to (metrics labels stay few, whatever paths clients send).
fn route_label(path: &str) -> &'static str {
    match path {
        "/healthz" => "/healthz",
        "/metrics" => "/metrics",
        "/v1/catalog" => "/v1/catalog",
        "/v1/verify" => "/v1/verify",
        "/v1/review" => "/v1/review",
        p if p
            .strip_prefix("/v1/catalog/")
            .is_some_and(|code| !code.is_empty() && !code.contains('/')) =>
        {
            "/v1/catalog/{code}"
        }
        _ => "unmatched",
    }
}

async fn not_found() -> ApiError {
    ApiError::not_found("not_found", "no such route; see docs/service.md")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take that method",
    )
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    generation: u64,
    #[serde(with = "time::serde::rfc3339")]
    loaded_at: OffsetDateTime,
    catalog_version: String,
    trust_anchors: usize,
}

async fn healthz(State(state): State<Shared>) -> Response {
    let warm = state.warm.current();
    let health = Health {
        status: if state.shutting_down.load(Ordering::SeqCst) {
            "shutting_down"
        } else {
            "ok"
        },
        generation: warm.generation,
        loaded_at: warm.loaded_at,
        catalog_version: warm.catalog().version.clone(),
        trust_anchors: warm.verifier().trust().len(),
    };
    let status = if state.shutting_down.load(Ordering::SeqCst) {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    (status, json(&health)).into_response()
}

async fn metrics(State(state): State<Shared>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        super::render_metrics(&state),
    )
        .into_response()
}

/// `catalog list` JSON (`sealcheck-catalog/1`), as the CLI prints it.
#[derive(Serialize)]
struct CatalogJson<'a> {
    schema: &'static str,
    version: &'a str,
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    code: &'a str,
    name: &'a str,
    applicant_type: &'static str,
    risk: &'static str,
    applicant_types: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    online: Option<&'static str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    basis: &'a [String],
    auto_accept: bool,
    materials: Vec<MaterialJson<'a>>,
}

#[derive(Serialize)]
struct MaterialJson<'a> {
    code: &'a str,
    name: &'a str,
    requirement: &'static str,
}

fn item_json(item: &ServiceItem) -> ItemJson<'_> {
    ItemJson {
        code: &item.code,
        name: &item.name,
        applicant_type: item.applicant_type.as_str(),
        risk: item.risk.as_str(),
        applicant_types: std::iter::once(item.applicant_type)
            .chain(item.other_applicant_types.iter().copied())
            .map(|t| t.as_str())
            .collect(),
        online: item.online.as_ref().map(|o| o.mode.as_str()),
        basis: &item.basis,
        auto_accept: item.auto_accept,
        materials: item
            .materials
            .iter()
            .map(|m| MaterialJson {
                code: &m.code,
                name: &m.name,
                requirement: m.requirement.as_str(),
            })
            .collect(),
    }
}

async fn catalog_list(State(state): State<Shared>) -> Response {
    let warm = state.warm.current();
    let catalog = warm.catalog();
    json(&CatalogJson {
        schema: crate::catalog::SCHEMA,
        version: &catalog.version,
        items: catalog.items.iter().map(item_json).collect(),
    })
    .into_response()
}

async fn catalog_show(State(state): State<Shared>, Path(code): Path<String>) -> Response {
    let warm = state.warm.current();
    match warm.catalog().item(&code) {
        Some(item) => json(&item_json(item)).into_response(),
        None => ApiError::not_found(
            "unknown_item",
            format!("no service item {code:?} in the catalog"),
        )
        .into_response(),
    }
}

/// The query string both POST routes take.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Validation time (RFC 3339); default: now, to the second.
    at: Option<String>,
    /// `json` or `html` (review only); default: by the Accept header.
    format: Option<String>,
    /// Name of a raw-body upload (kept in the report).
    name: Option<String>,
}

impl Params {
    fn from_request(req: &Request) -> Result<Self, ApiError> {
        match req.uri().query() {
            None => Ok(Params::default()),
            Some(q) => serde_urlencoded_params(q),
        }
    }

    fn validation_time(&self) -> Result<OffsetDateTime, ApiError> {
        match &self.at {
            Some(s) => OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .map_err(|_| {
                    ApiError::bad_request(
                        "bad_time",
                        "`at` must be an RFC 3339 time, e.g. 2026-11-26T00:00:00Z",
                    )
                }),
            // Whole seconds: the verification cache's path entries then serve every request of
            // the same second.
            None => {
                let now = OffsetDateTime::now_utc();
                Ok(now.replace_nanosecond(0).unwrap_or(now))
            }
        }
    }
}

fn serde_urlencoded_params(query: &str) -> Result<Params, ApiError> {
    let uri: axum::http::Uri = format!("/?{query}")
        .parse()
        .map_err(|_| ApiError::bad_request("bad_query", "the query string is malformed"))?;
    axum::extract::Query::<Params>::try_from_uri(&uri)
        .map(|q| q.0)
        .map_err(|e| ApiError::bad_request("bad_query", e.body_text()))
}

/// Content types a raw (non-multipart) body of `/v1/verify` may have.
fn raw_type_accepted(content_type: Option<&str>) -> bool {
    let Some(ct) = content_type else {
        return true;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "application/pdf"
            | "application/ofd"
            | "application/octet-stream"
            | "application/zip"
            | "application/x-zip-compressed"
    ) || essence.starts_with("image/")
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}

fn is_multipart(headers: &HeaderMap) -> bool {
    content_type(headers).is_some_and(|ct| {
        ct.trim_start()
            .to_ascii_lowercase()
            .starts_with("multipart/form-data")
    })
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// Reads the whole body within the limits, keeping the request's head.
async fn read_request(
    state: &AppState,
    req: Request,
    deadline: Instant,
) -> Result<(axum::http::request::Parts, ReadBody), ApiError> {
    let (parts, body) = req.into_parts();
    let read = read_limited(
        body,
        declared_length(&parts.headers),
        state.limits.max_body_bytes,
        &state.budget,
        deadline,
    )
    .await?;
    Ok((parts, read))
}

/// One multipart part.
struct Part {
    name: String,
    file_name: Option<String>,
    bytes: Bytes,
}

/// The parts of a multipart body already read within limits; at most `max_parts`.
async fn multipart_parts(
    parts: axum::http::request::Parts,
    body: &ReadBody,
    max_parts: usize,
) -> Result<Vec<Part>, ApiError> {
    let req = Request::from_parts(parts, Body::from(body.bytes.clone()));
    let mut multipart = Multipart::from_request(req, &()).await.map_err(|e| {
        ApiError::bad_request(
            "bad_multipart",
            format!("not a multipart body: {}", e.body_text()),
        )
    })?;
    let mut out = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                return Err(ApiError::bad_request(
                    "bad_multipart",
                    format!("the multipart body is malformed: {}", e.body_text()),
                ))
            }
        };
        if out.len() >= max_parts {
            return Err(ApiError::too_large(
                "too_many_uploads",
                format!("a request may carry at most {max_parts} uploads"),
            ));
        }
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|e| {
            ApiError::bad_request(
                "bad_multipart",
                format!("a multipart part is malformed: {}", e.body_text()),
            )
        })?;
        out.push(Part {
            name,
            file_name,
            bytes,
        });
    }
    Ok(out)
}

fn count_verdicts(state: &AppState, documents: &[DocumentReport]) {
    state
        .metrics
        .documents
        .fetch_add(documents.len() as u64, Ordering::Relaxed);
    for d in documents {
        if d.signatures.is_empty() {
            state.metrics.verdict("unsigned");
        }
        for s in &d.signatures {
            state.metrics.verdict(s.indication.as_str());
        }
    }
}

async fn verify(State(state): State<Shared>, req: Request) -> Result<Response, ApiError> {
    let deadline = Instant::now() + state.limits.deadline;
    let params = Params::from_request(&req)?;
    let at = params.validation_time()?;
    let multipart = is_multipart(req.headers());
    if !multipart && !raw_type_accepted(content_type(req.headers())) {
        return Err(ApiError::unsupported_media_type(
            "POST /v1/verify takes multipart/form-data with `file` parts, or the document itself \
             (application/pdf, application/ofd, application/octet-stream, image/*)",
        ));
    }
    let (parts, body) = read_request(&state, req, deadline).await?;
    // The uploads stay in the buffers they arrived in (no copy).
    let docs: Vec<(String, Bytes)> = if multipart {
        let mut docs = Vec::new();
        for (i, part) in multipart_parts(parts, &body, state.limits.max_uploads)
            .await?
            .into_iter()
            .enumerate()
        {
            if part.name != "file" {
                return Err(ApiError::bad_request(
                    "unexpected_part",
                    format!(
                        "part {} is named {:?}; uploads are parts named \"file\"",
                        i + 1,
                        part.name
                    ),
                ));
            }
            let name = part.file_name.unwrap_or_else(|| format!("file-{}", i + 1));
            docs.push((name, part.bytes));
        }
        if docs.is_empty() {
            return Err(ApiError::bad_request(
                "no_upload",
                "the request has no `file` part",
            ));
        }
        docs
    } else {
        if body.bytes.is_empty() {
            return Err(ApiError::bad_request(
                "no_upload",
                "the request body is empty",
            ));
        }
        vec![(
            params.name.clone().unwrap_or_else(|| "upload".into()),
            body.bytes.clone(),
        )]
    };
    let warm = state.warm.current();
    let count = docs.len();
    // Sequentially on one worker: the pool's size is the bound on CPU work.
    let report = state
        .pool
        .run(deadline, move || VerifyReport {
            schema: VERIFY_SCHEMA.to_string(),
            validation_time: at,
            documents: docs
                .iter()
                .map(|(name, bytes)| warm.verifier().verify_named(name, bytes, at))
                .collect(),
        })
        .await;
    drop(body);
    let report = report.inspect_err(|e| state.metrics.rejected(e.code))?;
    count_verdicts(&state, &report.documents);
    tracing::info!(documents = count, "verified");
    Ok(json(&report).into_response())
}

/// How the review should be answered.
fn wants_html(params: &Params, headers: &HeaderMap) -> Result<bool, ApiError> {
    match params.format.as_deref() {
        Some("html") => Ok(true),
        Some("json") => Ok(false),
        Some(other) => Err(ApiError::bad_request(
            "bad_format",
            format!("format {other:?}: use json or html"),
        )),
        None => Ok(headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| {
                let html = accept.find("text/html");
                let json = accept.find("application/json");
                match (html, json) {
                    (Some(h), Some(j)) => h < j,
                    (Some(_), None) => true,
                    _ => false,
                }
            })),
    }
}

/// Material codes as the catalog writes them.
fn is_material_code(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

async fn review(State(state): State<Shared>, req: Request) -> Result<Response, ApiError> {
    let deadline = Instant::now() + state.limits.deadline;
    let params = Params::from_request(&req)?;
    let at = params.validation_time()?;
    let html = wants_html(&params, req.headers())?;
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    if !is_multipart(req.headers()) {
        return Err(ApiError::unsupported_media_type(
            "POST /v1/review takes multipart/form-data: an `application` part and the uploads",
        ));
    }
    let (head, body) = read_request(&state, req, deadline).await?;
    // One more part than uploads: the application.
    let parts = multipart_parts(head, &body, state.limits.max_uploads + 1).await?;
    let mut application = None;
    let mut uploads = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if part.name == "application" {
            if application.is_some() {
                return Err(ApiError::bad_request(
                    "bad_application",
                    "more than one `application` part",
                ));
            }
            if part.bytes.len() > state.limits.max_application_bytes {
                return Err(ApiError::too_large(
                    "application_too_large",
                    format!(
                        "the application part is larger than {} bytes",
                        state.limits.max_application_bytes
                    ),
                ));
            }
            application = Some(
                ApplicationJson::parse(&part.bytes)
                    .map_err(|e| ApiError::bad_request("bad_application", e.to_string()))?,
            );
            continue;
        }
        let material = match part.name.as_str() {
            "file" => None,
            code if is_material_code(code) => Some(code.to_string()),
            other => {
                return Err(ApiError::bad_request(
                    "unexpected_part",
                    format!(
                        "part {} is named {other:?}; uploads are parts named by a material code or \"file\"",
                        i + 1
                    ),
                ))
            }
        };
        uploads.push(Upload {
            material,
            file_name: part
                .file_name
                .unwrap_or_else(|| format!("upload-{}", i + 1)),
            bytes: part.bytes.to_vec(),
        });
    }
    let Some(application) = application else {
        return Err(ApiError::bad_request(
            "bad_application",
            "the request has no `application` part",
        ));
    };
    if application.uploads.len() + uploads.len() > state.limits.max_uploads {
        return Err(ApiError::too_large(
            "too_many_uploads",
            format!(
                "a request may carry at most {} uploads",
                state.limits.max_uploads
            ),
        ));
    }
    let warm = state.warm.current();
    let Some(item) = warm.catalog().item(&application.item) else {
        return Err(ApiError::not_found(
            "unknown_item",
            format!("no service item {:?} in the catalog", application.item),
        ));
    };
    let item_code = item.code.clone();
    let applicant_masked = application
        .applicant_id
        .as_deref()
        .or(application.applicant_uscc.as_deref())
        .map(mask_identifier);
    let application = application
        .into_application(item.applicant_type, uploads)
        .map_err(|e| ApiError::bad_request("bad_application", e.to_string()))?;
    let previews = if html {
        page::previews(&application.uploads)
    } else {
        Vec::new()
    };
    let upload_count = application.uploads.len();
    let job_warm = Arc::clone(&warm);
    let review = state
        .pool
        .run(deadline, move || job_warm.reviewer.review(&application, at))
        .await;
    drop(body);
    let review: Review = review
        .inspect_err(|e| state.metrics.rejected(e.code))?
        .map_err(|e| ApiError::bad_request("bad_application", e.to_string()))?;
    count_verdicts(&state, &review.documents);
    state.metrics.decision(review.decision.as_str());
    tracing::info!(
        item = %item_code,
        uploads = upload_count,
        applicant = applicant_masked.as_deref().unwrap_or("-"),
        decision = review.decision.as_str(),
        "reviewed"
    );
    if html {
        let page = page::render_review(&review, &previews, &request_id)?;
        return Ok((
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            page,
        )
            .into_response());
    }
    Ok(json(&review).into_response())
}

/// A JSON response body.
fn json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => ApiError::internal(format!("cannot serialise the answer: {e}")).into_response(),
    }
}
