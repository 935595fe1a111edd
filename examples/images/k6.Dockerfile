# The runner's image with k6 and your own k6 script, for examples/recipes/k6-own-script.yaml: an external tool runs
# inside the runner container (docs/PROTOCOL.md#external-tools). From the repository root:
#   docker build -f examples/images/k6.Dockerfile -t REGISTRY/regatta-runner-k6:0.1.0 .
# then name the image in the run's spec.runner.image. Put your own script where load.js is.
FROM grafana/k6:0.54.0 AS k6
FROM ghcr.io/regatta-dev/regatta-runner:0.1.0
COPY --from=k6 /usr/bin/k6 /usr/local/bin/k6
COPY examples/images/k6/load.js /scripts/load.js
