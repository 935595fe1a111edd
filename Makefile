# Regatta. `make run` shows the whole system on one machine; `make test` runs every test.
SHELL := /bin/bash
MVN ?= mvn -B -ntp
RUNNER_JAR := runner/target/regatta-runner.jar
OPERATOR_JAR := operator/target/regatta-operator.jar
CLI_JAR := cli/target/regatta.jar
# the Maven modules, one top-level folder each (README.md, "Where things live")
MODULES := api kubesim standins runner report operator local cli
CRD_CLASSPATH := api/target/crd-classpath.txt

.PHONY: all build run test bench crd check-crd check-helm deps deps-run clean help

all: build

help:
	@echo "make run    - local mode: embedded API + operator + runners, runs examples/quickstart.yaml"
	@echo "              (installs a JDK, Maven and redis-server when missing and run as root)"
	@echo "make test   - every test (installs a JDK, Maven, redis-server, redis-tools, nginx and chromium when missing, as root)"
	@echo "make build  - $(RUNNER_JAR), $(OPERATOR_JAR) (the two images) and $(CLI_JAR) (regatta local/report)"
	@echo "make bench  - benchmarks side by side with redis-benchmark and wrk; writes docs/BENCHMARKS.md"
	@echo "make crd    - regenerate the CRD (deploy/crds/, the Helm chart, the api classpath) from the Java types"

build: $(RUNNER_JAR) $(OPERATOR_JAR) $(CLI_JAR)

$(RUNNER_JAR) $(OPERATOR_JAR) $(CLI_JAR): $(shell find $(addsuffix /src,$(MODULES)) -type f 2>/dev/null) pom.xml */pom.xml
	$(MVN) -q package -DskipTests

run: deps-run
	@$(MAKE) --no-print-directory build
	java -jar $(CLI_JAR) local examples/quickstart.yaml

test: deps
	$(MVN) verify

bench: deps build
	./bench/run.sh

# fabric8's crd-generator, run from api's test classpath so printer columns keep their declared order
# (its Maven plugin sorts them by JSON path). Writes deploy/crds/, the Helm chart's crds/ and the copy on
# the api classpath (META-INF/fabric8/, which local mode serves).
crd:
	$(MVN) -q -pl api -am install -DskipTests
	$(MVN) -q -pl api dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/crd-classpath.txt
	java -cp api/target/test-classes:api/target/classes:$$(cat $(CRD_CLASSPATH)) dev.regatta.crd.CrdGeneration

# Fails when a committed copy of the CRD is not the one the Java types generate.
check-crd:
	$(MVN) -q -pl api -am install -DskipTests
	$(MVN) -pl api test -Dtest=CommittedCrdTest -Dsurefire.failIfNoSpecifiedTests=false

# The chart's CRD and RBAC are checked by api's tests (CommittedCrdTest, DeployManifestsTest); with helm
# installed this also lints and renders the chart, and kustomize-builds deploy/.
check-helm:
	@if command -v helm >/dev/null; then \
	  helm lint deploy/helm/regatta && helm template regatta deploy/helm/regatta -n regatta-system >/dev/null \
	  && helm template regatta deploy/helm/regatta -n regatta-system --set watchNamespaces='{a,b}' --set leaderElection.enabled=false >/dev/null \
	  && echo "helm chart OK"; \
	else echo "helm not installed: skipping helm lint/template (https://helm.sh/docs/intro/install/)"; fi
	kubectl kustomize deploy/ >/dev/null && echo "kustomize build OK"

# What the targets need (a JDK, Maven, redis-server; for the tests also nginx and redis-tools). Installs
# them when missing and we are root; otherwise says how, in one line.
deps:
	@./scripts/ensure-deps.sh test

deps-run:
	@./scripts/ensure-deps.sh run

clean:
	$(MVN) -q clean
