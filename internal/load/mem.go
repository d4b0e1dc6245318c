package load

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Memory is a server's resident memory in KiB, read from /proc/PID/status: VmRSS now (the most
// seen by the sampler) and VmHWM, the kernel's high-water mark since the process started.
type Memory struct {
	PID      int   `json:"pid"`
	MaxRSSKB int64 `json:"max_rss_kib"`
	HWMKB    int64 `json:"hwm_kib"`
}

// MemorySampler follows the resident memory of processes.
type MemorySampler struct {
	mu   sync.Mutex
	mems []*Memory
}

// NewMemorySampler follows pids.
func NewMemorySampler(pids []int) *MemorySampler {
	s := &MemorySampler{}
	for _, p := range pids {
		s.mems = append(s.mems, &Memory{PID: p})
	}
	return s
}

// Sample reads every process's status once.
func (s *MemorySampler) Sample() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.mems {
		rss, hwm, err := ReadMemory(m.PID)
		if err != nil {
			continue
		}
		m.MaxRSSKB = max(m.MaxRSSKB, rss)
		m.HWMKB = max(m.HWMKB, hwm)
	}
}

// Figures returns what was seen so far.
func (s *MemorySampler) Figures() []Memory {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Memory
	for _, m := range s.mems {
		out = append(out, *m)
	}
	return out
}

// ReadMemory returns VmRSS and VmHWM of a process in KiB.
func ReadMemory(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/%d/status %s: %w", pid, k, err)
		}
		if k == "VmRSS" {
			rss = n
		} else {
			hwm = n
		}
	}
	return rss, hwm, sc.Err()
}
