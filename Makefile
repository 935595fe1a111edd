# Regatta. `make run` shows the whole system on one machine; `make test` runs every test.
SHELL := /bin/bash
MVN ?= mvn -B -ntp
RUNNER_JAR := runner/target/regatta-runner.jar
OPERATOR_JAR := operator/target/regatta-operator.jar
GENERATED_CRD := crds/target/classes/META-INF/fabric8/benchmarkruns.regatta.dev-v1.yml

.PHONY: all build run test bench crd deps clean help

all: build

help:
	@echo "make run    - local mode: embedded API + operator + runners, runs examples/quickstart.yaml"
	@echo "make test   - every test (installs redis-server and nginx when run as root)"
	@echo "make build  - $(RUNNER_JAR) and $(OPERATOR_JAR)"
	@echo "make bench  - benchmarks side by side with redis-benchmark and wrk; writes docs/BENCHMARKS.md"
	@echo "make crd    - regenerate deploy/crds/ from the Java types"

build: $(RUNNER_JAR) $(OPERATOR_JAR)

$(RUNNER_JAR) $(OPERATOR_JAR): $(shell find crds/src runner/src operator/src -type f 2>/dev/null) pom.xml */pom.xml
	$(MVN) -q package -DskipTests

run: build
	java -jar $(OPERATOR_JAR) local examples/quickstart.yaml

test: deps
	$(MVN) verify

bench: deps build
	./bench/run.sh

crd:
	$(MVN) -q -pl crds process-classes
	cp $(GENERATED_CRD) deploy/crds/benchmarkruns.regatta.dev.yaml

# The real servers the tests start on loopback. Installs them when missing and we are root.
deps:
	@./scripts/ensure-deps.sh

clean:
	$(MVN) -q clean
