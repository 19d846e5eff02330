# Arcadia's image: `docker build -t arcadia .`, then `docker run arcadia` runs `arcadia start` (the Slack
# receiver, with its workers in a supervised child process) and `docker run arcadia arcadia worker`
# runs extra workers. Settings come from the environment (README, "Configuration").
# test/deploy/production-files.scale.test.ts builds the file set this image runs from, without Docker.

# Build: every dependency, the TypeScript compiler among them, and the compiled output in dist/.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY jobs ./jobs
COPY models ./models
RUN npm run build

# Production dependencies only, installed from the same lock file.
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Run: the compiled output, the production dependencies, the bin, and the files read at run time
# (package.json for --version, the provisioning blueprints). Owned by root, run as the image's
# unprivileged `node` user, so the process cannot change its own code.
FROM node:20-slim
ENV NODE_ENV=production
# The charts (@napi-rs/canvas) draw their text with the system's fonts, and the slim image has none:
# without one, titles, axes and legends come out blank.
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY bin ./bin
COPY blueprints ./blueprints
RUN ln -s /app/bin/arcadia.js /usr/local/bin/arcadia
USER node
EXPOSE 3000
CMD ["arcadia", "start"]
