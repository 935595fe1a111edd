{{- define "regatta.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "regatta.operatorName" -}}
{{- printf "%s-operator" (include "regatta.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "regatta.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "regatta.operatorName" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "regatta.selectorLabels" -}}
app.kubernetes.io/name: regatta-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "regatta.labels" -}}
{{ include "regatta.selectorLabels" . }}
app.kubernetes.io/part-of: regatta
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- /*
The operator's rules on runs and the objects it creates for them: the ClusterRole's (every namespace) or each
watched namespace's Role. Keep them identical to the ClusterRole in deploy/rbac.yaml, comments included (a test
renders this chart and compares the rules); the comments say why each rule is needed.
*/}}
{{- define "regatta.operatorRules" -}}
# Runs: the controller's informer (list, watch); get only to tell whether the run that owns a colliding object
# still exists (NameTaken.ownerIsLiveRun). A reconcile acts on the cached run: JOSDK's cache holds the operator's
# own last status write. The operator never writes a run's spec or metadata (no finalizer).
- apiGroups: ["regatta.dev"]
  resources: ["benchmarkruns"]
  verbs: ["get", "list", "watch"]
# Status: CachedStatusUpdate, JOSDK's PrimaryUpdateAndCacheUtils: an update of the status subresource with
# optimistic locking (update). Never server-side apply, so no patch.
- apiGroups: ["regatta.dev"]
  resources: ["benchmarkruns/status"]
  verbs: ["update"]
# Jobs: created per placement (create), each only if no Job of that name exists (get: one of another run is a
# name collision, never adopted); the informer (list, watch); RunningStep asks the API when a Job is missing
# from the cache (get); CollectStep suspends a failing run's Jobs (get, patch); the TTL clean-up and a run
# refused for a name collision delete them (list, delete). Every pod template is checked against the pod policy
# before the create.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["create", "get", "list", "watch", "patch", "delete"]
# Pods: the informer (list, watch: readiness, failure diagnosis, counts) and the TTL clean-up (delete). The
# operator never creates a pod itself: the Job controller does, under the Job's pod template.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch", "delete"]
# ConfigMaps: the run's spec and start maps (JOSDK dependents) and per-pod result maps are created (create; get on
# a 409 to tell the run's own from another's); the informer (list, watch); CollectStep lists results from the API
# (list); StartBarrier.publish reads and writes the start instant (get, update). patch is not called by the
# operator: the per-run Role grants it to runners, and RBAC only lets the operator create a Role whose verbs
# it holds itself.
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["create", "get", "list", "watch", "update", "patch"]
# The runners' per-run identity (JOSDK dependents RunnerAccount, RunnerRole, RunnerRoleBinding): created once,
# removed by owner references; get only after a 409, to refuse an account, Role or binding of that name that the
# run does not own (a run named "deploy" must never run as somebody's "deploy-runner"). list and watch: the
# dependents' informers, which hold only objects labelled regatta.dev/run (RBAC cannot narrow by label, so the
# grant covers the namespace's accounts, Roles and bindings; none carries a secret).
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["create", "get", "list", "watch"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["create", "get", "list", "watch"]
# EventRecorder writes core/v1 Events (never events.k8s.io), one new Event per record.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
# S3ObjectStore reads the one Secret a run names in spec.results.s3.credentialsSecret, in the run's namespace,
# to read and write its result objects. get only, never list or watch: the operator cannot enumerate Secrets,
# only read one whose name it is given. RBAC cannot narrow get to names chosen at run time (resourceNames are
# fixed when the Role is written), so the narrowing available is by namespace: Helm's watchNamespaces.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
{{- end -}}
