<%@ page contentType="application/json;charset=UTF-8" %>{"report":"quarterly","by":"<%= request.getRemoteUser() %>"}
