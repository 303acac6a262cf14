# One image for both processes of the service; docker-compose.yml runs it twice:
#   worker: node dist/worker.js        api: node dist/api/server.js
# No Temporal binaries inside: in containers the service always talks to a Temporal cluster
# (TEMPORAL_ADDRESS), never to the embedded dev server.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; the worker's workflow bundler (webpack, swc) is one of them.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
CMD ["node", "dist/api/server.js"]
