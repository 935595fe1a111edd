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
