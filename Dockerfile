# One image for both processes of the service; docker-compose.yml runs it twice:
#   worker: node --max-old-space-size=192 dist/worker.js        api: node dist/api/server.js
# The flag bounds the worker's main thread; WORKER_WORKFLOW_HEAP_MB (default 192) its workflow
# thread: V8 heap limits are per thread (README "Worker 内存 / Worker memory").
# No Temporal binaries inside: in containers the service always talks to a Temporal cluster
# (TEMPORAL_ADDRESS), never to the embedded dev server.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Compiles to dist/ and writes dist/workflow-bundle.js: the worker runs it instead of bundling.
RUN npm run build
# The web application (web/ → web/dist), served by the API at `/` (WEB_DIST_DIR, default ./web/dist).
RUN npm run build:web

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
# glibc gives threads that allocate at once their own malloc arenas, and freed memory stays in
# them: the worker runs a main thread, a workflow thread, libuv's pool and the SDK core's Rust
# threads. Two arenas keep its resident memory lower (README "Worker 内存 / Worker memory").
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only. The workflow bundler (webpack, swc) comes with @temporalio/worker:
# the worker loads it only without dist/workflow-bundle.js; the API bundles with it for audit replays.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
CMD ["node", "dist/api/server.js"]
