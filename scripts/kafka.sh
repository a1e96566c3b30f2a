#!/usr/bin/env bash
# Local single-node Apache Kafka broker (KRaft combined mode) without Docker.
#
#   bash scripts/kafka.sh start     # fetch (first time), format (first time), start, wait until ready
#   bash scripts/kafka.sh stop      # SIGTERM, wait up to KAFKA_STOP_TIMEOUT s, then SIGKILL
#   bash scripts/kafka.sh restart   # stop + start
#   bash scripts/kafka.sh status    # exit 0 if the port answers, 1 otherwise
#   bash scripts/kafka.sh kill9     # SIGKILL the broker (chaos tests)
#   bash scripts/kafka.sh logs      # print the broker log path
#
# The broker jars come from Maven Central (scripts/kafka/pom.xml) and are cached
# outside the repository, in ${FRONT_DOOR_CACHE:-$HOME/.cache/front-door}/kafka-<version>/libs.
# Needs: java (11+), mvn, flock, setsid, timeout (coreutils/util-linux).
#
# Environment:
#   KAFKA_VERSION          Apache Kafka version to fetch        (default 3.9.2)
#   KAFKA_HOST             listener host                        (default 127.0.0.1)
#   KAFKA_PORT             PLAINTEXT listener port              (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port                (default KAFKA_PORT+1)
#   KAFKA_ADVERTISED_PORT  port the broker tells clients to use (default KAFKA_PORT; the chaos suite's
#                          TCP proxy in front of the broker)
#   FRONT_DOOR_CACHE       cache root                           (default ~/.cache/front-door)
#   KAFKA_DATA_DIR         config, data, pid and log directory  (default <cache>/kafka-<version>/data-<port>)
#   KAFKA_LOCK_FILE        serialises start/stop (default <cache>/kafka.lock; a broker of one's own, as the
#                          chaos suite's, may take its own so as not to wait on other runs)
#   KAFKA_HEAP_OPTS        broker heap                          (default -Xms256m -Xmx512m)
#   KAFKA_OPTS             extra broker JVM options
#   KAFKA_START_TIMEOUT    seconds to wait for readiness        (default 90)
#   KAFKA_STOP_TIMEOUT     seconds to wait for a clean stop     (default 30)
#   KAFKA_MVN_OPTS         extra Maven arguments for the fetch
#   JAVA_HOME / JAVA       java to use
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/kafka/pom.xml"
TEMPLATE="$SCRIPT_DIR/kafka/server.properties"

KAFKA_VERSION="${KAFKA_VERSION:-3.9.2}"
KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_ADVERTISED_PORT="${KAFKA_ADVERTISED_PORT:-$KAFKA_PORT}"
CACHE_DIR="${FRONT_DOOR_CACHE:-$HOME/.cache/front-door}"
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
LIBS="$KAFKA_HOME/libs"
DATA_DIR="${KAFKA_DATA_DIR:-$KAFKA_HOME/data-$KAFKA_PORT}"
LOG_DIRS="$DATA_DIR/kraft-logs"
CONF="$DATA_DIR/server.properties"
LOG4J_CONF="$DATA_DIR/log4j.properties"
TOOLS_LOG4J_CONF="$DATA_DIR/tools-log4j.properties"
PID_FILE="$DATA_DIR/kafka.pid"
LOG_FILE="$DATA_DIR/kafka.log"
LOCK_FILE="${KAFKA_LOCK_FILE:-$CACHE_DIR/kafka.lock}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"

if [[ -n "${JAVA:-}" ]]; then
  JAVA_BIN="$JAVA"
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA_BIN="$JAVA_HOME/bin/java"
else
  JAVA_BIN="java"
fi

log() { echo "kafka: $*" >&2; }
die() {
  log "$*"
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH ($2)"
}

# --- helpers ---------------------------------------------------------------

port_open() {
  # bash /dev/tcp; bounded so an unroutable host cannot hang us
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" >/dev/null 2>&1
}

# Is $1 a live process running kafka.Kafka with our config?
is_our_broker() {
  local pid="$1" cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *" kafka.Kafka "* && "$cmd" == *"$CONF"* ]]
}

# Prints the pid of our broker (pid file first, then a scan of /proc for a
# kafka.Kafka process started with our config path), or nothing.
broker_pid() {
  local pid=""
  if [[ -f "$PID_FILE" ]]; then
    pid="$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)"
    if is_our_broker "$pid"; then
      echo "$pid"
      return 0
    fi
  fi
  local d
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    if is_our_broker "$pid"; then
      echo "$pid"
      return 0
    fi
  done
  return 0
}

java_tool() {
  # Short-lived JVM for the admin tools: small heap, fast startup.
  "$JAVA_BIN" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j.configuration="file:$TOOLS_LOG4J_CONF" \
    -cp "$LIBS/*" "$@"
}

LOCKED=0
acquire_lock() {
  ((LOCKED)) && return 0
  mkdir -p "$CACHE_DIR"
  exec 9>"$LOCK_FILE"
  if ! flock -w 600 9; then
    die "could not lock $LOCK_FILE within 600 s (another kafka.sh is stuck?)"
  fi
  LOCKED=1
}

# --- fetch -----------------------------------------------------------------

libs_stamp() {
  # Re-fetch whenever the pom or the version changes.
  { echo "kafka.version=$KAFKA_VERSION"; cat "$POM"; } | sha256sum | cut -d' ' -f1
}

fetch() {
  local stamp
  stamp="$(libs_stamp)"
  if [[ -f "$LIBS/.complete" && "$(cat "$LIBS/.complete")" == "$stamp" ]]; then
    return 0
  fi
  need mvn "install Maven, e.g. apt-get install -y maven"
  mkdir -p "$KAFKA_HOME"
  local tmp="$KAFKA_HOME/.libs.tmp.$$" fetch_log="$KAFKA_HOME/fetch.log" attempt t0
  t0=$SECONDS
  # leftovers of an interrupted fetch (we hold the lock, so nobody else is fetching)
  rm -rf "$KAFKA_HOME"/.libs.tmp.* "$KAFKA_HOME"/.libs.old.*
  log "fetching Apache Kafka $KAFKA_VERSION from Maven Central into $LIBS (first run only) ..."
  for attempt in 1 2 3; do
    rm -rf "$tmp"
    # shellcheck disable=SC2086
    if mvn -B -q -Dstyle.color=never -f "$POM" \
      -Dkafka.version="$KAFKA_VERSION" \
      ${KAFKA_MVN_OPTS:-} \
      dependency:copy-dependencies \
      -DoutputDirectory="$tmp" -DincludeScope=runtime \
      >"$fetch_log" 2>&1 9>&- &&
      [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" && -f "$tmp/kafka-tools-$KAFKA_VERSION.jar" ]]; then
      break
    fi
    if [[ $attempt -eq 3 ]]; then
      rm -rf "$tmp"
      tail -n 40 "$fetch_log" >&2 || true
      die "Maven fetch failed 3 times (full output: $fetch_log)"
    fi
    log "Maven fetch attempt $attempt failed, retrying in $((attempt * 5)) s ..."
    sleep $((attempt * 5))
  done
  echo "$stamp" >"$tmp/.complete"
  # Never a half-filled libs/: complete in the temp dir first, then renamed into place.
  if [[ -d "$LIBS" ]]; then
    local old="$KAFKA_HOME/.libs.old.$$"
    mv "$LIBS" "$old"
    mv "$tmp" "$LIBS"
    rm -rf "$old"
  else
    mv "$tmp" "$LIBS"
  fi
  log "fetched $(find "$LIBS" -name '*.jar' | wc -l) jars in $((SECONDS - t0)) s"
}

# --- config ----------------------------------------------------------------

render_config() {
  mkdir -p "$DATA_DIR" "$LOG_DIRS"
  local s
  s="$(<"$TEMPLATE")"
  s="${s//@HOST@/"$KAFKA_HOST"}"
  s="${s//@PORT@/"$KAFKA_PORT"}"
  s="${s//@CONTROLLER_PORT@/"$KAFKA_CONTROLLER_PORT"}"
  s="${s//@ADVERTISED_PORT@/"$KAFKA_ADVERTISED_PORT"}"
  s="${s//@LOG_DIRS@/"$LOG_DIRS"}"
  printf '%s\n' "# GENERATED by scripts/kafka.sh from scripts/kafka/server.properties; edits are overwritten." "$s" >"$CONF.tmp"
  mv "$CONF.tmp" "$CONF"

  cat >"$LOG4J_CONF" <<'EOF'
# GENERATED by scripts/kafka.sh. Broker logs go to stdout, which kafka.sh sends to kafka.log.
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n

# Lifecycle (startup/shutdown) and consumer-group activity stay visible.
log4j.logger.kafka.Kafka$=INFO
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
log4j.logger.kafka.server.ControllerServer=INFO
log4j.logger.kafka.server.SharedServer=INFO
log4j.logger.kafka.coordinator.group=INFO
log4j.logger.org.apache.kafka.coordinator.group=INFO
log4j.logger.kafka.coordinator.group.GroupMetadataManager=WARN
# Chatty even at WARN for single-node dev use.
log4j.logger.kafka.request.logger=ERROR
log4j.logger.state.change.logger=ERROR
log4j.logger.org.apache.kafka.clients.NetworkClient=ERROR
EOF

  cat >"$TOOLS_LOG4J_CONF" <<'EOF'
# GENERATED by scripts/kafka.sh. Logging for the short-lived admin tool JVMs.
log4j.rootLogger=ERROR, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
}

format_storage() {
  if [[ -f "$LOG_DIRS/meta.properties" ]]; then
    return 0
  fi
  local cluster_id
  if [[ -s "$DATA_DIR/cluster.id" ]]; then
    cluster_id="$(<"$DATA_DIR/cluster.id")"
  else
    cluster_id="$(java_tool kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 | tr -d '[:space:]' || true)"
    [[ -n "$cluster_id" ]] || die "StorageTool random-uuid produced no cluster id"
    echo "$cluster_id" >"$DATA_DIR/cluster.id"
  fi
  log "formatting KRaft storage in $LOG_DIRS (cluster id $cluster_id)"
  java_tool kafka.tools.StorageTool format --ignore-formatted \
    -t "$cluster_id" -c "$CONF" >>"$DATA_DIR/format.log" 2>&1 ||
    {
      tail -n 20 "$DATA_DIR/format.log" >&2 || true
      die "StorageTool format failed (see $DATA_DIR/format.log)"
    }
}

# --- commands ----------------------------------------------------------------

launch() {
  # Keep the log from growing without bound across many restarts.
  if [[ -f "$LOG_FILE" ]] && (($(stat -c %s "$LOG_FILE") > 50 * 1024 * 1024)); then
    mv -f "$LOG_FILE" "$LOG_FILE.1"
  fi
  echo "===== $(date -Is) kafka.sh start (Kafka $KAFKA_VERSION) =====" >>"$LOG_FILE"
  rm -f "$PID_FILE"
  # setsid: own session, so signals aimed at the caller's process group (Ctrl-C,
  # a test runner tearing down) do not hit the broker. The inner bash writes its
  # own pid and then execs java, so the pid file holds the JVM's pid.
  # 9>&- : the broker must not inherit the lock.
  # shellcheck disable=SC2086
  setsid bash -c 'echo $$ >"$0"; exec nohup "$@"' "$PID_FILE" \
    "$JAVA_BIN" $HEAP_OPTS \
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dkafka.logs.dir="$DATA_DIR" \
    -Dlog4j.configuration="file:$LOG4J_CONF" \
    ${KAFKA_OPTS:-} \
    -cp "$LIBS/*" kafka.Kafka "$CONF" \
    </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  local i
  for i in $(seq 1 50); do
    [[ -s "$PID_FILE" ]] && break
    sleep 0.1
  done
  [[ -s "$PID_FILE" ]] || die "broker did not start (no pid file); see $LOG_FILE"
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "broker process $pid exited during startup; last 40 lines of $LOG_FILE:"
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      exit 1
    fi
    if port_open "$KAFKA_HOST" "$KAFKA_PORT" &&
      timeout 30 "$JAVA_BIN" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
        -Dlog4j.configuration="file:$TOOLS_LOG4J_CONF" -cp "$LIBS/*" \
        org.apache.kafka.tools.ClusterTool cluster-id \
        --bootstrap-server "$KAFKA_HOST:$KAFKA_PORT" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  log "broker (pid $pid) not ready after ${START_TIMEOUT} s; last 40 lines of $LOG_FILE:"
  tail -n 40 "$LOG_FILE" >&2 || true
  exit 1
}

cmd_start() {
  acquire_lock
  local pid t0=$SECONDS
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    pid="$(broker_pid)"
    echo "kafka: broker already answering on $KAFKA_HOST:$KAFKA_PORT (pid ${pid:-not started by kafka.sh}), reusing it; log: $LOG_FILE"
    return 0
  fi
  need "$JAVA_BIN" "install a JDK 11+, e.g. apt-get install -y openjdk-17-jre-headless"
  need flock "util-linux"
  need setsid "util-linux"
  fetch
  render_config

  pid="$(broker_pid)"
  if [[ -n "$pid" ]]; then
    # A broker of ours is alive but not answering yet (still starting, or a
    # previous start timed out): wait for it rather than start a second one.
    log "broker process $pid exists but $KAFKA_HOST:$KAFKA_PORT is not answering yet; waiting for it"
    echo "$pid" >"$PID_FILE"
  else
    if port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
      die "controller port $KAFKA_HOST:$KAFKA_CONTROLLER_PORT is taken by another process; set KAFKA_CONTROLLER_PORT"
    fi
    format_storage
    launch
    pid="$(tr -dc '0-9' <"$PID_FILE")"
  fi
  wait_ready "$pid"
  echo "kafka: broker up on $KAFKA_HOST:$KAFKA_PORT (Kafka $KAFKA_VERSION, KRaft) pid $pid, log $LOG_FILE, ready in $((SECONDS - t0)) s"
}

wait_gone() {
  local pid="$1" secs="$2" i
  for ((i = 0; i < secs * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  ! kill -0 "$pid" 2>/dev/null
}

cmd_stop() {
  acquire_lock
  local pid
  pid="$(broker_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$PID_FILE"
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      echo "kafka: no broker started by kafka.sh is running, but $KAFKA_HOST:$KAFKA_PORT answers (not ours, left alone)"
    else
      echo "kafka: not running"
    fi
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$STOP_TIMEOUT"; then
    log "broker $pid still running after ${STOP_TIMEOUT} s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || die "broker $pid survived SIGKILL"
  fi
  rm -f "$PID_FILE"
  echo "kafka: stopped (pid $pid)"
}

cmd_kill9() {
  acquire_lock
  local pid
  pid="$(broker_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$PID_FILE"
    echo "kafka: not running"
    return 0
  fi
  kill -KILL "$pid" 2>/dev/null || true
  wait_gone "$pid" 10 || die "broker $pid survived SIGKILL"
  rm -f "$PID_FILE"
  echo "kafka: killed -9 (pid $pid)"
}

cmd_status() {
  local pid
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    pid="$(broker_pid)"
    echo "kafka: up on $KAFKA_HOST:$KAFKA_PORT (pid ${pid:-not started by kafka.sh})"
    return 0
  fi
  echo "kafka: down ($KAFKA_HOST:$KAFKA_PORT not answering)"
  return 1
}

usage() {
  echo "usage: $0 {start|stop|restart|status|kill9|logs}" >&2
  exit 2
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart)
    cmd_stop
    cmd_start
    ;;
  status) cmd_status ;;
  kill9 | kill-9) cmd_kill9 ;;
  logs) echo "$LOG_FILE" ;;
  *) usage ;;
esac
