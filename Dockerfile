# syntax=docker/dockerfile:1
# The wagate gateway as a container: `docker build -t wagate . && docker run -p 3000:3000 -v wagate-data:/data wagate`
# (docs/operations.md, "Docker"). Node runs the TypeScript sources directly (Node >= 22.18 strips types), so there
# is no build step; if the packages come to be built to JavaScript, see the note at the entrypoint.

ARG NODE_IMAGE=node:22-bookworm-slim

# Only the manifests, so the dependency layer below is rebuilt when they change, not on every source edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete && find . -type d -empty -delete

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000 \
    WAGATE_DATA_DIR=/data
WORKDIR /app

# Runtime dependencies only (no TypeScript, Vitest or the pinned `node` dev dependency: the image's Node runs it).
COPY --from=manifests /app ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .

# Not root: the gateway needs no privilege, only its data directory (the embedded database and its lock).
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000

# 200 while the process serves (also during start-up); `/readyz` says whether the store answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Node itself is PID 1 and receives `docker stop`'s SIGTERM: it drains requests for up to 20 s, closes the store,
# and exits 0 (give `docker stop -t 30` or more). No npm or shell in between, which would not pass the signal on.
# Should the packages ship as built JavaScript, point this at the built entry (e.g. apps/http/dist/main.js) and
# run `npm run build` before `npm prune --omit=dev`.
ENTRYPOINT ["node", "apps/http/src/main.ts"]
