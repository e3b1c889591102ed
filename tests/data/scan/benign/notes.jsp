<%@ page import="java.io.*" %>
<%
    // appends a note to the application's own file; the request gives only the text
    String note = request.getParameter("note");
    String author = request.getParameter("author");
    String store = application.getRealPath("/WEB-INF/notes.txt");
    if (note != null) {
        FileWriter fw = new FileWriter(store, true);
        fw.write(author + ": " + note.replace('<', ' ') + "\n");
        fw.close();
    }
%>
