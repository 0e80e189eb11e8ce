-- wrk script: GET /api/recommendations/movie/{id} for a random movie id in 1..MAX_ID
-- usage: wrk -s bench/random-movie.lua http://127.0.0.1:PORT -- MAX_ID
local max_id = 100000
function init(args)
  if args[1] then max_id = tonumber(args[1]) end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
end
function request()
  return wrk.format("GET", "/api/recommendations/movie/" .. math.random(1, max_id))
end
