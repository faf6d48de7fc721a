-- The wrk script of bench/run.sh's caller lookup (WrkLookupBench): every request looks up a number
-- picked at random from a file of imported numbers, with the tenant's headers. Its baseline, the
-- fixed endpoint, runs through the same script with "-" for the file: the same headers, one path.
-- Usage: wrk -t2 -c16 -d5s --latency -s lookup.lua URL -- NUMBERS|- PATH AUTH ACCOUNT_ID
--   NUMBERS: one national number per line, appended to PATH (which ends in ?phone=%2B1).

local numbers = {}
local path
local fixed
local next_id = 0

-- Runs in wrk's main script state once per thread: a distinct seed for each thread.
function setup(thread)
    next_id = next_id + 1
    thread:set("thread_id", next_id)
end

function init(args)
    path = args[2]
    wrk.headers["auth"] = args[3]
    wrk.headers["accountId"] = args[4]
    if args[1] == "-" then
        fixed = wrk.format("GET", path)
        return
    end
    for line in io.lines(args[1]) do
        numbers[#numbers + 1] = line
    end
    math.randomseed(os.time() * 100 + (thread_id or 0))
end

function request()
    if fixed then
        return fixed
    end
    return wrk.format("GET", path .. numbers[math.random(#numbers)])
end
