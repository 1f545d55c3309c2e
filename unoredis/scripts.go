package unoredis

import "github.com/redis/go-redis/v9"

// The limiter's state is one Redis hash. Times are microseconds of the Redis server's clock
// (TIME), written with string.format("%.0f") because Redis turns a bare Lua number into a
// string of 14 significant digits only.
//
//	tat    theoretical arrival time of the next request (GCRA)
//	pause  no request starts before this (Retry-After of a refusal)
//	rate   the learned rate, requests per second
//	step   the next raise, as a fraction of the rate
//	since  when the rate last changed
//	ok     answers accepted since then
//	cut    refusals before this belong to the last storm of refusals
//	storm  when the last storm of refusals began

// scriptPrelude reads the clock and the state; every script starts with it.
const scriptPrelude = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local base, burst, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local s = redis.call('HMGET', KEYS[1], 'tat', 'pause', 'rate', 'step', 'since', 'ok', 'cut', 'storm')
local tat = tonumber(s[1]) or now
local pause = tonumber(s[2]) or 0
local rate = tonumber(s[3]) or base
local step = tonumber(s[4])
local since = tonumber(s[5]) or now
local ok = tonumber(s[6]) or 0
local cut = tonumber(s[7]) or 0
local storm = tonumber(s[8])
local function us(x) return string.format('%.0f', x) end
local function expire()
  redis.call('PEXPIRE', KEYS[1], math.floor((math.max(tat, pause) - now) / 1000) + ttl)
end
`

// reserveScript takes the next slot. ARGV after the prelude's: answers accepted since the
// caller's last call, the probe period (µs), the first and the largest raise. It returns the
// wait until the slot (µs), the tat after it and the interval (µs), to give the slot back, and
// how long the pause that the slot respects lasts (µs).
var reserveScript = redis.NewScript(scriptPrelude + `
local accepted, period, first, maxstep = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
step = step or first
ok = ok + accepted
if tat < now then tat = now end
local interval = math.floor(1000000 / rate)
local at = math.max(now, tat - (burst - 1) * interval, pause)
tat = tat + interval
if at > now and now - since >= period and ok * 1000000 >= rate * (now - since) / 2 then
  rate = math.min(rate * (1 + step), 1000000)
  step = math.min(step * 2, maxstep)
  since, ok = now, 0
end
redis.call('HSET', KEYS[1], 'tat', us(tat), 'rate', string.format('%.6f', rate),
  'step', string.format('%.6f', step), 'since', us(since), 'ok', ok)
expire()
return {math.floor(at - now), us(tat), interval, math.floor(math.max(pause - now, 0))}
`)

// cancelScript gives back the slot whose tat is ARGV[4], of interval ARGV[5], when no later
// slot was taken since.
var cancelScript = redis.NewScript(scriptPrelude + `
if s[1] and s[1] == ARGV[4] then
  redis.call('HSET', KEYS[1], 'tat', us(tat - tonumber(ARGV[5])))
  return 1
end
return 0
`)

// throttleScript records a refusal for rate. ARGV after the prelude's: the Retry-After (µs,
// 0 when none), the factor that lowers the rate, the lowest rate, the first raise, the
// shortest storm (µs), the window in which a second storm lowers the rate (µs) and the
// channel to publish the pause on. The refusals that arrive within a storm (its pause, or
// the shortest storm) count as one. A storm stops the raises for a probe period; a storm
// that follows another within the window also lowers the rate. The refusal pauses every
// process until its Retry-After, and the pause is published. It returns the rate.
var throttleScript = redis.NewScript(scriptPrelude + `
local retry, factor, floor, first = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local gap, window, channel = tonumber(ARGV[8]), tonumber(ARGV[9]), ARGV[10]
if now >= cut then
  if storm and now - storm <= window then
    rate = math.max(rate * factor, floor)
  end
  redis.call('HSET', KEYS[1], 'rate', string.format('%.6f', rate), 'step', string.format('%.6f', first),
    'since', us(now), 'ok', 0, 'cut', us(now + math.max(retry, gap)), 'storm', us(now))
end
local untl = now + retry
if retry > 0 and untl > pause then
  pause = untl
  tat = math.max(tat, untl + (burst - 1) * math.floor(1000000 / rate))
  redis.call('HSET', KEYS[1], 'pause', us(pause), 'tat', us(tat))
  redis.call('PUBLISH', channel, us(retry))
end
expire()
return string.format('%.6f', rate)
`)
