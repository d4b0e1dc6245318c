module github.com/egov-vn/egov

go 1.25.0
