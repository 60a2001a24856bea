-- SPDX-License-Identifier: AGPL-3.0-or-later
-- wrk script of the booking load: each thread books its own share of the
-- free appointments listed in the targets file (bench/booking-targets.mjs),
-- one per request, so that no two requests compete for a slot.
-- usage: wrk ... -s bench/book.lua URL -- TARGETS-FILE THREADS
local counter = 0

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
end

function init(args)
    targets = {}
    local i = 0
    for line in io.lines(args[1]) do
        if i % tonumber(args[2]) == id then
            table.insert(targets, line)
        end
        i = i + 1
    end
    next_target = 1
    refused = 0
end

function request()
    local line = targets[next_target]
    if line == nil then
        -- out of targets (the bench checks that this never happens)
        return wrk.format("GET", "/api/v1/health")
    end
    next_target = next_target + 1
    local date, desk, service, at = line:match("(%S+) (%S+) (%S+) (%S+)")
    local body = string.format(
        '{"location":1,"date":"%s","legs":[{"service":"%s","desk":"%s",' ..
        '"startsAt":"%s"}],"givenNames":"Load","surname":"Test",' ..
        '"email":"load@example.org"}', date, service, desk, at)
    return wrk.format("POST", "/api/v1/bookings",
                      {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
    if status ~= 201 and refused < 3 then
        refused = refused + 1
        io.stderr:write("booking answer " .. status .. ": " .. body .. "\n")
    end
end
