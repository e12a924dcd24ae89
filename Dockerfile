# syntax=docker/dockerfile:1
# The wagate gateway as a container: `docker build -t wagate . && docker run -p 3000:3000 -v wagate-data:/data wagate`
# (docs/operations.md, "Docker"). The packages are built to JavaScript in a first stage (`npm run build`, ADR 0019);
# the image holds their `dist/` and the runtime dependencies only.

ARG NODE_IMAGE=node:22-bookworm-slim

# Only the manifests, so the dependency layers below are rebuilt when they change, not on every source edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete && find . -type d -empty -delete

# Every dependency (TypeScript included), the sources, and the build: each package's dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /app ./
RUN npm ci --no-audit --no-fund
COPY . .
# Every workspace's dist/ gathered in one tree (/dist-tree/packages/*/dist, /dist-tree/apps/*/dist), so the image
# below takes them all with one COPY: a new package or app (the cluster package, the worker) needs no line here.
RUN npm run build \
  && for dist in packages/*/dist apps/*/dist; do mkdir -p "/dist-tree/$dist" && cp -R "$dist/." "/dist-tree/$dist/"; done

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000 \
    WAGATE_DATA_DIR=/data
WORKDIR /app

# Runtime dependencies only (no TypeScript, Vitest or the pinned `node` dev dependency: the image's Node runs it).
COPY --from=manifests /app ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /dist-tree ./
COPY --from=build /app/apps/cli/bin ./apps/cli/bin

# Not root: the gateway needs no privilege, only its data directory (the embedded database and its lock).
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000

# 200 while the process serves (also during start-up); `/readyz` says whether the store answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Node itself is PID 1 and receives `docker stop`'s SIGTERM: it drains requests for up to 20 s, closes the store,
# and exits 0 (give `docker stop -t 35`). No npm or shell in between, which would not pass the signal on.
# --max-semi-space-size=2 (MB): a young generation of 2 MB semi-spaces instead of 16, ~25 MB less resident (ADR 0018).
# --experimental-async-context-frame: AsyncLocalStorage (Baileys uses it) without promise hooks, the default from Node 24 (ADR 0039).
# The worker (a cluster runner serving no public API) runs from the same image with its own entrypoint:
# `node --max-semi-space-size=2 --experimental-async-context-frame apps/worker/dist/main.js` (see docker-compose.yml).
ENTRYPOINT ["node", "--max-semi-space-size=2", "--experimental-async-context-frame", "apps/http/dist/main.js"]
