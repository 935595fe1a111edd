-- Argo CD resource health for regatta.dev/BenchmarkRun (resource.customizations.health.regatta.dev_BenchmarkRun).
-- A run is a job, not a service: it is Progressing until it ends, Healthy when it Succeeded (its thresholds, if
-- any, passed), Degraded when it Failed, whatever the cause (a missed threshold, a runner that failed, a spec
-- that was refused). The message says which, with the run's own words. Written for Argo CD's Lua (5.1) and
-- tested with lua5.4 (local/src/test/.../ArgoHealthTest). docs/API.md, "The verdict".
local hs = {}

local function condition(status, kind)
  if status == nil or status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local function text(s)
  if s == nil then
    return ""
  end
  return tostring(s)
end

local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to accept the run"
  return hs
end

local phase = status.phase
if phase == "Pending" or phase == "Starting" or phase == "Running" or phase == "Collecting" then
  hs.status = "Progressing"
  hs.message = phase .. ": " .. text(status.message)
  return hs
end

if phase == "Succeeded" then
  hs.status = "Healthy"
  if status.verdict ~= nil then
    hs.message = "thresholds " .. status.verdict .. "; " .. text(status.message)
  else
    hs.message = text(status.message)
  end
  return hs
end

if phase == "Failed" then
  hs.status = "Degraded"
  local completed = condition(status, "Completed")
  local accepted = condition(status, "Accepted")
  if completed ~= nil and completed.reason == "ThresholdsFailed" then
    hs.message = "thresholds " .. text(status.verdict) .. ": " .. text(completed.message)
  elseif accepted ~= nil and accepted.status == "False" then
    hs.message = "refused (" .. text(accepted.reason) .. "): " .. text(accepted.message)
  elseif completed ~= nil and completed.status == "False" then
    hs.message = "failed (" .. text(completed.reason) .. "): " .. text(status.message)
  else
    hs.message = "failed: " .. text(status.message)
  end
  return hs
end

hs.status = "Unknown"
hs.message = "unknown phase " .. tostring(phase)
return hs
