# syntax=docker/dockerfile:1
# Multi-stage: build with the Rust image (Debian 12 "bookworm"), run on bookworm-slim with
# only the run-time libraries: tesseract + chi_sim traineddata, leptonica, CJK fonts, and
# poppler's pdftoppm for page images. SQLite is built into the binary; PostgreSQL is reached
# over DATABASE_URL.

FROM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libtesseract-dev libleptonica-dev clang libclang-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so source edits do not rebuild them.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src/bin && echo 'fn main() {}' > src/main.rs && echo '' > src/lib.rs \
 && echo 'fn main() {}' > src/bin/bench_text.rs \
 && echo 'fn main() {}' > src/bin/bench_signature.rs \
 && cargo build --release --locked --bin dossier \
 && rm -rf src
COPY src ./src
# The migrations are embedded in the binary (include_str!).
COPY migrations ./migrations
# Make sure the real sources are newer than the placeholder build.
RUN touch src/main.rs src/lib.rs \
 && cargo build --release --locked --bin dossier \
 && cp target/release/dossier /usr/local/bin/dossier

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        ca-certificates tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-osd liblept5 \
        poppler-utils \
        fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /var/lib/dossier dossier \
 && mkdir -p /data && chown dossier /data
COPY --from=build /usr/local/bin/dossier /usr/local/bin/dossier
# (models/signature.safetensors gets a COPY line, and DOSSIER_SIGNATURE_MODEL its path, once
# trained weights are shipped.)
USER dossier
WORKDIR /var/lib/dossier
# tesseract's OpenMP must be limited before the process starts (see STACK-NOTES.md).
ENV OMP_THREAD_LIMIT=1 \
    DOSSIER_LISTEN=0.0.0.0:8080 \
    DOSSIER_DATA=/data
VOLUME ["/data"]
EXPOSE 8080
# No curl in the image: bash asks GET /healthz (200 only when the database answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dossier"]
CMD ["serve"]
