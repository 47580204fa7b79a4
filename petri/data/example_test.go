package data_test

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/data"
)

func ExampleMNIST() {
	test, err := data.MNIST(data.MNISTTest, 0, 3)
	if err != nil {
		fmt.Println(err) // names where it looked and how to fix it
		return
	}
	fmt.Println(test.Count, test.Rows, test.Cols, test.Labels)
	// Output:
	// 3 28 28 [7 2 1]
}
