# The runner's image with Python and the I/O libraries that examples/io-client-python.yaml compares: an
# external tool runs inside the runner container (docs/PROTOCOL.md#external-tools). From the repository root:
#   docker build -f examples/images/python-io-clients.Dockerfile -t REGISTRY/regatta-runner-python-io:0.1.0 .
# then name the image in the run's spec.runner.image.
FROM ghcr.io/regatta-dev/regatta-runner:0.1.0
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-requests python3-httpx python3-aiohttp \
      python3-boto3 python3-fsspec \
 && rm -rf /var/lib/apt/lists/*
USER 65532:65532
